package io.theeye.query;

import io.theeye.store.SqlDialect;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
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
    ReadTimeout readTimeout(
            DataSource dataSource,
            PlatformTransactionManager transactions,
            SqlDialect dialect,
            QueryProperties properties) {
        TransactionTemplate readOnly = new TransactionTemplate(transactions);
        readOnly.setReadOnly(true);
        return new ReadTimeout(dataSource, readOnly, dialect, properties.timeout());
    }

    @Bean
    EventQueries eventQueries(JdbcClient jdbc, DataSource dataSource, SqlDialect dialect, ReadTimeout reads) {
        JdbcTemplate streaming = new JdbcTemplate(dataSource);
        streaming.setFetchSize(EventQueries.FETCH_SIZE);
        return new EventQueries(jdbc, JdbcClient.create(streaming), dialect, reads);
    }

    @Bean
    StatsQueries statsQueries(JdbcClient jdbc, SqlDialect dialect, ReadTimeout reads) {
        return new StatsQueries(jdbc, dialect, reads);
    }

    @Bean
    EventExport eventExport(
            DataSource dataSource,
            PlatformTransactionManager transactions,
            JsonMapper json,
            SqlDialect dialect,
            QueryProperties properties) {
        JdbcTemplate streaming = new JdbcTemplate(dataSource);
        streaming.setFetchSize(EventExport.FETCH_SIZE);
        TransactionTemplate readOnly = new TransactionTemplate(transactions);
        readOnly.setReadOnly(true);
        return new EventExport(
                new NamedParameterJdbcTemplate(streaming),
                readOnly,
                json,
                dialect,
                properties.maxConcurrentExports(),
                properties.maxConcurrentExportsPerClient());
    }

    /** Every read path's answer is bounded in time, so that a slow reader cannot hold its connection. */
    @Bean
    FilterRegistrationBean<ResponseDeadline> responseDeadline(QueryProperties properties) {
        FilterRegistrationBean<ResponseDeadline> registration = new FilterRegistrationBean<>(
                new ResponseDeadline(properties.writeTimeout(), properties.exportTimeout()));
        registration.setName("responseDeadline");
        registration.setUrlPatterns(
                List.of("/events", "/events/*", "/sessions/*", "/rejected-events", "/rejected-events/*", "/stats"));
        // Around Spring Security and MVC, so that an answer written by either is bounded too.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    RejectedEventQueries rejectedEventQueries(JdbcClient jdbc, SqlDialect dialect, ReadTimeout reads) {
        return new RejectedEventQueries(jdbc, dialect, reads);
    }
}
