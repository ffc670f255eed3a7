package io.theeye.admin;

import io.theeye.store.SqlDialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Refused events of every client, newest first, for the admin pages. */
final class RejectedQueries {

    private static final String COLUMNS = "id, client_id, received_at, raw, errors";

    private final JdbcClient jdbc;
    private final SqlDialect dialect;

    RejectedQueries(JdbcClient jdbc, SqlDialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    /** Up to {@code limit + 1} refused events older than the row with id {@code before}, if given, newest first. */
    List<Rejected> newest(UUID clientId, Long before, int limit) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from rejected_events where 1 = 1");
        if (clientId != null) {
            sql.append(" and client_id = :client");
            params.put("client", dialect.uuid(clientId));
        }
        if (before != null) {
            // Ids grow with each insert, and received_at with them but for a writer's clock step: keyset on both.
            sql.append(" and (received_at, id) < (select received_at, id from rejected_events where id = :before)");
            params.put("before", before);
        }
        sql.append(" order by received_at desc, id desc limit ").append(limit + 1);
        return jdbc.sql(sql.toString()).params(params).query(this::rejected).list();
    }

    Optional<Rejected> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from rejected_events where id = ?")
                .param(id)
                .query(this::rejected)
                .optional();
    }

    private Rejected rejected(ResultSet rs, int row) throws SQLException {
        return new Rejected(
                rs.getLong(1), dialect.uuid(rs, 2), dialect.instant(rs, 3), rs.getString(4), rs.getString(5));
    }

    /**
     * A refused event as stored.
     *
     * @param clientId the client that sent it, or null
     * @param errors the reasons, as a JSON array of {@code {"field", "message"}}
     */
    record Rejected(long id, UUID clientId, Instant receivedAt, String raw, String errors) {}
}
