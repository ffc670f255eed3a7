package io.theeye.admin;

import io.theeye.store.ClientStore;
import io.theeye.store.SqlDialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The event explorer's SQL. Every query names one client, as the indexes lead with it: across all clients the
 * explorer asks each client for a page and merges them, rather than sorting the whole table.
 */
final class ExplorerQueries {

    private static final String COLUMNS =
            "client_id, id, session_id, category, name, data, \"timestamp\", received_at, original_timestamp";
    private static final Comparator<StoredEvent> NEWEST_FIRST = Comparator.comparing(StoredEvent::timestamp)
            .thenComparing(e -> e.id().toString())
            .thenComparing(e -> e.clientId().toString())
            .reversed();

    private final JdbcClient jdbc;
    private final SqlDialect dialect;
    private final ClientStore clients;

    ExplorerQueries(JdbcClient jdbc, SqlDialect dialect, ClientStore clients) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.clients = clients;
    }

    /** Up to {@code limit + 1} events, newest first, before the keyset if one is given: the extra one tells of more. */
    List<StoredEvent> newest(EventFilter filter, Keyset before, int limit) {
        List<UUID> clientIds = filter.clientId() != null
                ? List.of(filter.clientId())
                : clients.findAll().stream().map(ClientStore.Client::clientId).toList();
        List<StoredEvent> merged = new ArrayList<>();
        for (UUID clientId : clientIds) {
            merged.addAll(newest(clientId, filter, before, limit + 1));
        }
        merged.sort(NEWEST_FIRST);
        return merged.size() > limit + 1 ? merged.subList(0, limit + 1) : merged;
    }

    private List<StoredEvent> newest(UUID clientId, EventFilter filter, Keyset before, int limit) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from events where client_id = :client");
        params.put("client", dialect.uuid(clientId));
        if (filter.sessionId() != null) {
            sql.append(" and session_id = :session");
            params.put("session", filter.sessionId());
        }
        if (filter.category() != null) {
            sql.append(" and category = :category");
            params.put("category", filter.category());
        }
        if (filter.name() != null) {
            sql.append(" and name = :name");
            params.put("name", filter.name());
        }
        if (filter.from() != null) {
            sql.append(" and \"timestamp\" >= :from");
            params.put("from", dialect.timestamp(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" and \"timestamp\" < :to");
            params.put("to", dialect.timestamp(filter.to()));
        }
        if (before != null) {
            sql.append(" and (\"timestamp\", id) < (:beforeTs, :beforeId)");
            params.put("beforeTs", dialect.timestamp(before.timestamp()));
            params.put("beforeId", dialect.uuid(before.id()));
        }
        sql.append(" order by \"timestamp\" desc, id desc limit ").append(limit);
        return jdbc.sql(sql.toString()).params(params).query(this::event).list();
    }

    Optional<StoredEvent> find(UUID clientId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from events where client_id = ? and id = ?")
                .params(dialect.uuid(clientId), dialect.uuid(id))
                .query(this::event)
                .optional();
    }

    /** The session's first {@code limit + 1} events, oldest first. */
    List<StoredEvent> session(UUID clientId, String sessionId, int limit) {
        return jdbc.sql("select " + COLUMNS + " from events where client_id = ? and session_id = ?"
                        + " order by \"timestamp\", id limit " + (limit + 1))
                .params(dialect.uuid(clientId), sessionId)
                .query(this::event)
                .list();
    }

    private StoredEvent event(ResultSet rs, int row) throws SQLException {
        return new StoredEvent(
                dialect.uuid(rs, 1),
                dialect.uuid(rs, 2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                dialect.instant(rs, 7),
                dialect.instant(rs, 8),
                dialect.instant(rs, 9));
    }

    /** Where a page of newest-first events ends: the (timestamp, id) of its last event. */
    record Keyset(Instant timestamp, UUID id) {

        /** As a link writes it: {@code <ISO-8601 timestamp>,<id>}. */
        String text() {
            return Formats.INSTANCE.isoInstant(timestamp) + "," + id;
        }
    }
}
