package io.theeye.query;

import io.theeye.event.EventTimestamps;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Counts of events per time bucket and group: the numbers behind charts. */
final class StatsQueries {

    private final JdbcClient jdbc;
    private final boolean postgres;

    StatsQueries(JdbcClient jdbc, boolean postgres) {
        this.jdbc = jdbc;
        this.postgres = postgres;
    }

    /**
     * @param unit {@code minute}, {@code hour} or {@code day}
     * @param groupBy the columns to count by, from {@code category} and {@code name}
     */
    List<Map<String, Object>> counts(EventFilter filter, String unit, List<String> groupBy) {
        // Buckets are cut in UTC. PostgreSQL truncates a timestamptz in the session's time zone, hence the cast.
        String bucket = postgres
                ? "date_trunc('" + unit + "', \"timestamp\" at time zone 'UTC')"
                : "date_trunc('" + unit + "', \"timestamp\")";
        String groups = groupBy.isEmpty() ? "" : ", " + String.join(", ", groupBy);
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder where = new StringBuilder();
        EventQueries.where(filter, where, params);
        String sql = "select " + bucket + " as bucket" + groups + ", count(*) as n from events where " + where
                + " group by " + bucket + groups + " order by " + bucket + groups;
        return jdbc.sql(sql).params(params).query((rs, n) -> row(rs, groupBy)).list();
    }

    private Map<String, Object> row(ResultSet rs, List<String> groupBy) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("bucket", EventTimestamps.format(bucket(rs)));
        for (String column : groupBy) {
            row.put(column, rs.getString(column));
        }
        row.put("count", rs.getLong("n"));
        return row;
    }

    /**
     * PostgreSQL's bucket is a UTC wall time without zone: read it as such, never through java.sql.Timestamp, which
     * would shift it by the JVM's zone. H2 keeps the zone.
     */
    private Instant bucket(ResultSet rs) throws SQLException {
        return postgres
                ? rs.getObject("bucket", LocalDateTime.class).toInstant(ZoneOffset.UTC)
                : rs.getObject("bucket", OffsetDateTime.class).toInstant();
    }
}
