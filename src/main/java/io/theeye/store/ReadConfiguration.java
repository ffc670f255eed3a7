package io.theeye.store;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The reads of the API and the admin pages, on the main pool, all bounded by the one {@link ReadTimeout}. */
@Configuration(proxyBeanMethods = false)
class ReadConfiguration {

    @Bean
    ReadTimeout readTimeout(
            DataSource dataSource, PlatformTransactionManager transactions, SqlDialect dialect, ReadLimits limits) {
        return new ReadTimeout(dataSource, readOnly(transactions), dialect, limits.timeout());
    }

    @Bean
    EventReads eventReads(
            JdbcClient jdbc,
            DataSource dataSource,
            PlatformTransactionManager transactions,
            SqlDialect dialect,
            ReadTimeout reads,
            ClientStore clients) {
        return new EventReads(
                jdbc,
                fetching(dataSource, EventReads.PAGE_FETCH_SIZE),
                fetching(dataSource, EventReads.EXPORT_FETCH_SIZE),
                readOnly(transactions),
                dialect,
                reads,
                clients);
    }

    /** Made only where asked for: by the backfill ({@code the-eye export}). */
    @Bean
    @Lazy
    ReceivedEvents receivedEvents(DataSource dataSource, PlatformTransactionManager transactions, SqlDialect dialect) {
        return new ReceivedEvents(fetching(dataSource, EventReads.EXPORT_FETCH_SIZE), readOnly(transactions), dialect);
    }

    @Bean
    EventStats eventStats(JdbcClient jdbc, SqlDialect dialect, ReadTimeout reads) {
        return new EventStats(jdbc, dialect, reads);
    }

    @Bean
    RejectedEventReads rejectedEventReads(JdbcClient jdbc, SqlDialect dialect, ReadTimeout reads) {
        return new RejectedEventReads(jdbc, dialect, reads);
    }

    private static TransactionTemplate readOnly(PlatformTransactionManager transactions) {
        TransactionTemplate readOnly = new TransactionTemplate(transactions);
        readOnly.setReadOnly(true);
        return readOnly;
    }

    /** A client that fetches this many rows per round trip: PostgreSQL otherwise reads every row before the first. */
    private static JdbcClient fetching(DataSource dataSource, int rows) {
        JdbcTemplate template = new JdbcTemplate(dataSource);
        template.setFetchSize(rows);
        return JdbcClient.create(new NamedParameterJdbcTemplate(template));
    }
}
