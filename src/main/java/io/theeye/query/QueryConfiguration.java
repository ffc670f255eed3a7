package io.theeye.query;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class QueryConfiguration {

    @Bean
    EventQueries eventQueries(JdbcClient jdbc) {
        return new EventQueries(jdbc);
    }

    @Bean
    RejectedEventQueries rejectedEventQueries(JdbcClient jdbc) {
        return new RejectedEventQueries(jdbc);
    }
}
