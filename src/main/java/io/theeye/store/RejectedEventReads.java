package io.theeye.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Every read of refused events for the API and the admin pages, each bounded by the query timeout. */
public final class RejectedEventReads {

    private static final String COLUMNS = "id, client_id, received_at, raw, errors";

    private final JdbcClient jdbc;
    private final SqlDialect dialect;
    private final ReadTimeout reads;

    RejectedEventReads(JdbcClient jdbc, SqlDialect dialect, ReadTimeout reads) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.reads = reads;
    }

    /** Up to {@code limit + 1} refusals after the position in (received_at, id) order: the extra one tells of more. */
    public List<StoredRejection> page(RejectedFilter filter, Position after, boolean descending, int limit) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from rejected_events where ");
        sql.append(Conditions.rejected(filter, params, dialect));
        if (after != null) {
            sql.append(
                    descending
                            ? " and (received_at, id) < (:afterTs, :afterId)"
                            : " and (received_at, id) > (:afterTs, :afterId)");
            params.put("afterTs", dialect.timestamp(after.receivedAt()));
            params.put("afterId", after.id());
        }
        sql.append(descending ? " order by received_at desc, id desc" : " order by received_at, id");
        sql.append(" limit ").append(limit + 1);
        return reads.run(() ->
                jdbc.sql(sql.toString()).params(params).query(this::rejection).list());
    }

    /** Up to {@code limit + 1} refusals older than the row with id {@code before}, if given, newest first. */
    public List<StoredRejection> newest(RejectedFilter filter, Long before, int limit) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from rejected_events where ");
        sql.append(Conditions.rejected(filter, params, dialect));
        if (before != null) {
            // Ids grow with each insert, and received_at with them but for a writer's clock step: keyset on both.
            sql.append(" and (received_at, id) < (select received_at, id from rejected_events where id = :before)");
            params.put("before", before);
        }
        sql.append(" order by received_at desc, id desc limit ").append(limit + 1);
        return reads.run(() ->
                jdbc.sql(sql.toString()).params(params).query(this::rejection).list());
    }

    public Optional<StoredRejection> find(long id) {
        return reads.run(() -> jdbc.sql("select " + COLUMNS + " from rejected_events where id = ?")
                .param(id)
                .query(this::rejection)
                .optional());
    }

    /** Every client's refusals received since then. */
    public long countSince(Instant since) {
        return reads.run(() -> jdbc.sql("select count(*) from rejected_events where received_at >= ?")
                .param(dialect.timestamp(since))
                .query(Long.class)
                .single());
    }

    private StoredRejection rejection(ResultSet rs, int row) throws SQLException {
        return new StoredRejection(
                rs.getLong(1), dialect.uuid(rs, 2), dialect.instant(rs, 3), rs.getString(4), rs.getString(5));
    }

    /** Where a page of refusals ends: the (received_at, id) of its last row. */
    public record Position(Instant receivedAt, long id) {}
}
