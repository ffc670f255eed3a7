package io.theeye.admin;

import io.theeye.store.SqlDialect;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The dashboard's counts. Events are counted client by client ({@code client_id in (...)}), through the indexes
 * that lead with the client, never by reading the whole table.
 */
final class DashboardQueries {

    private static final String EVERY_CLIENT = "client_id in (select client_id from clients)";

    private final JdbcClient jdbc;
    private final SqlDialect dialect;

    DashboardQueries(JdbcClient jdbc, SqlDialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    /** Events per minute and category with timestamps in [from, to). */
    List<MinuteCount> perMinute(Instant from, Instant to) {
        String bucket = dialect.bucket(SqlDialect.TimeUnit.MINUTE, "\"timestamp\"");
        return jdbc.sql("select " + bucket + " as bucket, category, count(*) as n from events where " + EVERY_CLIENT
                        + " and \"timestamp\" >= ? and \"timestamp\" < ? group by " + bucket + ", category")
                .params(dialect.timestamp(from), dialect.timestamp(to))
                .query((rs, row) -> new MinuteCount(dialect.bucket(rs, "bucket"), rs.getString(2), rs.getLong(3)))
                .list();
    }

    /** Events with timestamps in [from, to). */
    long events(Instant from, Instant to) {
        return jdbc.sql("select count(*) from events where " + EVERY_CLIENT
                        + " and \"timestamp\" >= ? and \"timestamp\" < ?")
                .params(dialect.timestamp(from), dialect.timestamp(to))
                .query(Long.class)
                .single();
    }

    /** Events refused since then. */
    long rejected(Instant since) {
        return jdbc.sql("select count(*) from rejected_events where received_at >= ?")
                .param(dialect.timestamp(since))
                .query(Long.class)
                .single();
    }

    record MinuteCount(Instant minute, String category, long count) {}
}
