package io.theeye.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.theeye.event.EventTimestamps;
import io.theeye.store.SqlDialect;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads refused events back, in (received_at, id) order. */
final class RejectedEventQueries {

    private final JdbcClient jdbc;
    private final SqlDialect dialect;
    private final ReadTimeout reads;

    RejectedEventQueries(JdbcClient jdbc, SqlDialect dialect, ReadTimeout reads) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.reads = reads;
    }

    /** Up to {@code limit + 1} rows after the cursor: the extra one tells whether a next page exists. */
    List<Row> page(UUID clientId, Instant from, Instant to, Cursor after, boolean descending, int limit) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder sql = new StringBuilder("select id, received_at, raw, errors from rejected_events where 1 = 1");
        if (clientId != null) {
            sql.append(" and client_id = :client");
            params.put("client", dialect.uuid(clientId));
        }
        if (from != null) {
            sql.append(" and received_at >= :from");
            params.put("from", dialect.timestamp(from));
        }
        if (to != null) {
            sql.append(" and received_at < :to");
            params.put("to", dialect.timestamp(to));
        }
        if (after != null) {
            sql.append(
                    descending
                            ? " and (received_at, id) < (:afterTs, :afterId)"
                            : " and (received_at, id) > (:afterTs, :afterId)");
            params.put("afterTs", dialect.timestamp(after.timestamp()));
            params.put("afterId", Long.parseLong(after.id()));
        }
        sql.append(descending ? " order by received_at desc, id desc" : " order by received_at, id");
        sql.append(" limit ").append(limit + 1);
        return reads.run(() -> jdbc.sql(sql.toString())
                .params(params)
                .query((rs, n) -> new Row(
                        rs.getLong("id"),
                        dialect.instant(rs, "received_at"),
                        rs.getString("raw"),
                        rs.getString("errors")))
                .list());
    }

    /** A refused event as stored. */
    record Row(long id, Instant receivedAt, String raw, String errors) {

        View view() {
            return new View(id, EventTimestamps.format(receivedAt), raw, errors);
        }

        Cursor cursor() {
            return new Cursor(receivedAt, Long.toString(id));
        }
    }

    /** A refused event as the API shows it: the raw input as text, the errors as the JSON they were. */
    record View(
            long id,
            @JsonProperty("received_at") String receivedAt,
            String raw,
            @JsonRawValue String errors) {}
}
