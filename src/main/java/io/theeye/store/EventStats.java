package io.theeye.store;

import io.theeye.event.EventFilter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Counts of stored events, per time bucket and group: the numbers behind the API's stats and the dashboard. */
public final class EventStats {

    /** The columns events can be counted by. */
    public static final Set<String> GROUPS = Set.of("category", "name");

    /** Every client's events through the indexes that lead with the client, never by reading the whole table. */
    private static final String EVERY_CLIENT = "client_id in (select client_id from clients)";

    private final JdbcClient jdbc;
    private final SqlDialect dialect;
    private final ReadTimeout reads;

    EventStats(JdbcClient jdbc, SqlDialect dialect, ReadTimeout reads) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.reads = reads;
    }

    /**
     * The events the filter matches, counted per bucket and group, in bucket and group order.
     *
     * @param groupBy the columns to count by, from {@link #GROUPS}
     * @param maxRows most rows to read: the list has one more when there are more, and no more than that
     */
    public List<BucketCount> counts(EventFilter filter, Interval interval, List<String> groupBy, int maxRows) {
        if (!GROUPS.containsAll(groupBy)) {
            throw new IllegalArgumentException("events are counted by " + GROUPS + ", not " + groupBy);
        }
        String bucket = dialect.bucket(interval, "\"timestamp\"");
        String groups = groupBy.isEmpty() ? "" : ", " + String.join(", ", groupBy);
        Map<String, Object> params = new LinkedHashMap<>();
        String sql = "select " + bucket + " as bucket" + groups + ", count(*) as n from events where "
                + Conditions.events(filter, params, dialect) + " group by " + bucket + groups + " order by " + bucket
                + groups + " limit :max_rows";
        params.put("max_rows", maxRows + 1);
        return reads.run(() -> jdbc.sql(sql)
                .params(params)
                .query((rs, n) -> count(rs, groupBy))
                .list());
    }

    private BucketCount count(ResultSet rs, List<String> groupBy) throws SQLException {
        Map<String, String> groups = new LinkedHashMap<>();
        for (String column : groupBy) {
            groups.put(column, rs.getString(column));
        }
        return new BucketCount(dialect.bucket(rs, "bucket"), groups, rs.getLong("n"));
    }

    /** Every client's events per minute and category with timestamps in [from, to), in no order. */
    public List<MinuteCount> perMinute(Instant from, Instant to) {
        String bucket = dialect.bucket(Interval.MINUTE, "\"timestamp\"");
        return reads.run(() -> jdbc.sql("select " + bucket + " as bucket, category, count(*) as n from events where "
                        + EVERY_CLIENT + " and \"timestamp\" >= ? and \"timestamp\" < ? group by " + bucket
                        + ", category")
                .params(dialect.timestamp(from), dialect.timestamp(to))
                .query((rs, row) -> new MinuteCount(dialect.bucket(rs, "bucket"), rs.getString(2), rs.getLong(3)))
                .list());
    }

    /** Every client's events with timestamps in [from, to). */
    public long count(Instant from, Instant to) {
        return reads.run(() -> jdbc.sql("select count(*) from events where " + EVERY_CLIENT
                        + " and \"timestamp\" >= ? and \"timestamp\" < ?")
                .params(dialect.timestamp(from), dialect.timestamp(to))
                .query(Long.class)
                .single());
    }

    /**
     * @param bucket the start of the bucket, in UTC
     * @param groups the value of each column counted by, in the order asked
     */
    public record BucketCount(Instant bucket, Map<String, String> groups, long count) {}

    public record MinuteCount(Instant minute, String category, long count) {}
}
