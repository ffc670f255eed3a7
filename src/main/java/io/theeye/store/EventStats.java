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

/**
 * Counts of stored events, per time bucket and group: the numbers behind the API's stats and the dashboard, read
 * from the {@link Rollups} where the query allows.
 */
public final class EventStats {

    /** The columns events can be counted by. */
    public static final Set<String> GROUPS = Set.of("category", "name");

    /** Every client's events through the indexes that lead with the client, never by reading the whole table. */
    private static final String EVERY_CLIENT = "client_id in (select client_id from clients)";

    private final JdbcClient jdbc;
    private final SqlDialect dialect;
    private final ReadTimeout reads;
    private final RollupQuery rollups;

    EventStats(JdbcClient jdbc, SqlDialect dialect, ReadTimeout reads) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.reads = reads;
        this.rollups = new RollupQuery(dialect);
    }

    /**
     * The events the filter matches, counted per bucket and group, in bucket and group order: from the
     * {@link Rollups} when every filter is one of theirs (all but a session) and the range is bounded, from raw rows
     * otherwise. The answers are the same either way.
     *
     * @param groupBy the columns to count by, from {@link #GROUPS}
     * @param maxRows most rows to read: the list has one more when there are more, and no more than that
     */
    public List<BucketCount> counts(EventFilter filter, Interval interval, List<String> groupBy, int maxRows) {
        if (!GROUPS.containsAll(groupBy)) {
            throw new IllegalArgumentException("events are counted by " + GROUPS + ", not " + groupBy);
        }
        if (filter.sessionId() != null || filter.from() == null || filter.to() == null) {
            return rawCounts(filter, interval, groupBy, maxRows);
        }
        Map<String, Object> params = new LinkedHashMap<>();
        String dimensions = Conditions.events(
                new EventFilter(filter.clientId(), null, filter.category(), filter.name(), null, null),
                params,
                dialect);
        boolean byName = groupBy.contains("name") || filter.name() != null;
        String union =
                rollups.union(dimensions, filter.from(), filter.to(), interval, interval, groupBy, byName, params);
        String groups = groupBy.isEmpty() ? "" : ", " + String.join(", ", groupBy);
        String sums = "select bucket" + groups + ", sum(n) as n from (" + union + ") as parts group by bucket" + groups;
        // One table's range (a range of whole buckets) is read in key order, already in the order asked: summed as
        // it streams, nothing to sort. Several parts are summed first, then ordered: sorting the sums, not the rows
        // summed (five times as many for a month by hour, category and name, a sort that spilled to disk on
        // PostgreSQL).
        String sql = RollupQuery.parts(filter.from(), filter.to(), interval).size() == 1
                ? sums + " order by bucket" + groups + " limit :max_rows"
                : "with sums as materialized (" + sums + ") select * from sums order by bucket" + groups
                        + " limit :max_rows";
        params.put("max_rows", maxRows + 1);
        return reads.run(() -> jdbc.sql(sql)
                .params(params)
                .query((rs, n) -> count(rs, groupBy, dialect.instant(rs, "bucket")))
                .list());
    }

    /** {@link #counts} from raw rows only, whatever the filter: what the rollups must agree with. */
    List<BucketCount> rawCounts(EventFilter filter, Interval interval, List<String> groupBy, int maxRows) {
        String bucket = dialect.bucket(interval, "\"timestamp\"");
        String groups = groupBy.isEmpty() ? "" : ", " + String.join(", ", groupBy);
        Map<String, Object> params = new LinkedHashMap<>();
        String sql = "select " + bucket + " as bucket" + groups + ", count(*) as n from events where "
                + Conditions.events(filter, params, dialect) + " group by " + bucket + groups + " order by " + bucket
                + groups + " limit :max_rows";
        params.put("max_rows", maxRows + 1);
        return reads.run(() -> jdbc.sql(sql)
                .params(params)
                .query((rs, n) -> count(rs, groupBy, dialect.bucket(rs, "bucket")))
                .list());
    }

    private BucketCount count(ResultSet rs, List<String> groupBy, Instant bucket) throws SQLException {
        Map<String, String> groups = new LinkedHashMap<>();
        for (String column : groupBy) {
            groups.put(column, rs.getString(column));
        }
        return new BucketCount(bucket, groups, rs.getLong("n"));
    }

    /** Every client's events per minute and category with timestamps in [from, to), in no order. */
    public List<MinuteCount> perMinute(Instant from, Instant to) {
        Map<String, Object> params = new LinkedHashMap<>();
        String union = rollups.union(
                Rollups.everyClient(dialect),
                from,
                to,
                Interval.MINUTE,
                Interval.MINUTE,
                List.of("category"),
                false,
                params);
        return reads.run(() -> jdbc.sql(
                        "select bucket, category, sum(n) as n from (" + union + ") as parts group by bucket, category")
                .params(params)
                .query((rs, row) -> new MinuteCount(dialect.instant(rs, "bucket"), rs.getString(2), rs.getLong(3)))
                .list());
    }

    /** {@link #perMinute} from raw rows only. */
    List<MinuteCount> rawPerMinute(Instant from, Instant to) {
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
        Map<String, Object> params = new LinkedHashMap<>();
        String union =
                rollups.union(Rollups.everyClient(dialect), from, to, null, Interval.DAY, List.of(), false, params);
        return reads.run(() -> jdbc.sql("select coalesce(sum(n), 0) from (" + union + ") as parts")
                .params(params)
                .query(Long.class)
                .single());
    }

    /** {@link #count} from raw rows only. */
    long rawCount(Instant from, Instant to) {
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
