package io.theeye.query;

import io.theeye.store.DatabaseProperties;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class QueryConfiguration {

    @Bean
    EventQueries eventQueries(JdbcClient jdbc) {
        return new EventQueries(jdbc);
    }

    @Bean
    StatsQueries statsQueries(JdbcClient jdbc, DatabaseProperties database) {
        return new StatsQueries(jdbc, database.postgres());
    }

    @Bean
    EventExport eventExport(
            DataSource dataSource,
            PlatformTransactionManager transactions,
            JsonMapper json,
            QueryProperties properties) {
        JdbcTemplate streaming = new JdbcTemplate(dataSource);
        streaming.setFetchSize(EventExport.FETCH_SIZE);
        TransactionTemplate readOnly = new TransactionTemplate(transactions);
        readOnly.setReadOnly(true);
        return new EventExport(
                new NamedParameterJdbcTemplate(streaming), readOnly, json, properties.maxConcurrentExports());
    }

    @Bean
    RejectedEventQueries rejectedEventQueries(JdbcClient jdbc) {
        return new RejectedEventQueries(jdbc);
    }
}
