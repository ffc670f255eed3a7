package io.theeye.query;

import io.theeye.event.EventTimestamps;
import io.theeye.store.SqlDialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Counts of events per time bucket and group: the numbers behind charts. */
final class StatsQueries {

    private final JdbcClient jdbc;
    private final SqlDialect dialect;
    private final ReadTimeout reads;

    StatsQueries(JdbcClient jdbc, SqlDialect dialect, ReadTimeout reads) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.reads = reads;
    }

    /**
     * @param unit {@code minute}, {@code hour} or {@code day}
     * @param groupBy the columns to count by, from {@code category} and {@code name}
     * @param maxRows most rows to read: the list has one more when there are more, and no more than that
     */
    List<Map<String, Object>> counts(EventFilter filter, String unit, List<String> groupBy, int maxRows) {
        String bucket = dialect.bucket(SqlDialect.TimeUnit.valueOf(unit.toUpperCase(Locale.ROOT)), "\"timestamp\"");
        String groups = groupBy.isEmpty() ? "" : ", " + String.join(", ", groupBy);
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder where = new StringBuilder();
        EventQueries.where(filter, where, params, dialect);
        String sql = "select " + bucket + " as bucket" + groups + ", count(*) as n from events where " + where
                + " group by " + bucket + groups + " order by " + bucket + groups + " limit :max_rows";
        params.put("max_rows", maxRows + 1);
        return reads.run(() ->
                jdbc.sql(sql).params(params).query((rs, n) -> row(rs, groupBy)).list());
    }

    private Map<String, Object> row(ResultSet rs, List<String> groupBy) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("bucket", EventTimestamps.format(dialect.bucket(rs, "bucket")));
        for (String column : groupBy) {
            row.put(column, rs.getString(column));
        }
        row.put("count", rs.getLong("n"));
        return row;
    }
}
