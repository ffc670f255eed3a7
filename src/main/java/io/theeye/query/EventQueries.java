package io.theeye.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.theeye.event.EventTimestamps;
import io.theeye.store.SqlDialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The read side's SQL. Every query leads with the client and ends in (timestamp, id) order, the shape of the
 * indexes, so pages are index range scans whatever the filters.
 */
final class EventQueries {

    /** Rows of a page fetched per round trip: 50 events of 64 KiB are a few MiB. */
    static final int FETCH_SIZE = 50;

    private static final String COLUMNS =
            "id, session_id, category, name, data, \"timestamp\", received_at, original_timestamp";

    private final JdbcClient jdbc;
    private final JdbcClient streaming;
    private final SqlDialect dialect;
    private final ReadTimeout reads;

    /** @param streaming fetches a few rows per round trip (PostgreSQL otherwise reads every row before the first) */
    EventQueries(JdbcClient jdbc, JdbcClient streaming, SqlDialect dialect, ReadTimeout reads) {
        this.jdbc = jdbc;
        this.streaming = streaming;
        this.dialect = dialect;
        this.reads = reads;
    }

    /**
     * Up to {@code limit + 1} events after the cursor in the order asked, each handed to {@code each} as it is read
     * (the extra one tells whether a next page exists). Rows come from the database a few at a time, so a page of
     * large events is never in memory whole.
     */
    void page(EventFilter filter, Cursor after, boolean descending, int limit, Consumer<Row> each) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from events where ");
        where(filter, sql, params, dialect);
        if (after != null) {
            sql.append(
                    descending
                            ? " and (\"timestamp\", id) < (:afterTs, :afterId)"
                            : " and (\"timestamp\", id) > (:afterTs, :afterId)");
            params.put("afterTs", dialect.timestamp(after.timestamp()));
            params.put("afterId", dialect.uuid(UUID.fromString(after.id())));
        }
        sql.append(descending ? " order by \"timestamp\" desc, id desc" : " order by \"timestamp\", id");
        sql.append(" limit ").append(limit + 1);
        reads.run(() -> {
            streaming.sql(sql.toString()).params(params).query((RowCallbackHandler) rs -> each.accept(row(rs, 0)));
            return null;
        });
    }

    /**
     * The event with this id of this client, or of any client when {@code clientId} is null. Ids are unique within a
     * client; across clients the lookup goes client by client through the primary key, never through the table.
     */
    Optional<Row> find(UUID id, UUID clientId) {
        String clients = clientId == null ? "(select client_id from clients)" : "(:client)";
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("id", dialect.uuid(id));
        if (clientId != null) {
            params.put("client", dialect.uuid(clientId));
        }
        return reads.run(() -> jdbc.sql("select " + COLUMNS + " from events where id = :id and client_id in " + clients
                        + " order by received_at, client_id limit 1")
                .params(params)
                .query(this::row)
                .optional());
    }

    /** The session's first and last timestamps and event count by category; empty when it has no events. */
    Optional<SessionSummary> session(UUID clientId, String sessionId) {
        return reads.run(() -> summary(clientId, sessionId));
    }

    private Optional<SessionSummary> summary(UUID clientId, String sessionId) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder where = new StringBuilder();
        where(new EventFilter(clientId, sessionId, null, null, null, null), where, params, dialect);
        Map<String, Long> categories = new LinkedHashMap<>();
        jdbc.sql("select category, count(*) as n from events where " + where + " group by category order by category")
                .params(params)
                .query(rs -> {
                    categories.put(rs.getString("category"), rs.getLong("n"));
                });
        if (categories.isEmpty()) {
            return Optional.empty();
        }
        return jdbc.sql("select min(\"timestamp\") as first_ts, max(\"timestamp\") as last_ts from events where "
                        + where)
                .params(params)
                .query((rs, n) -> new SessionSummary(
                        sessionId,
                        EventTimestamps.format(dialect.instant(rs, "first_ts")),
                        EventTimestamps.format(dialect.instant(rs, "last_ts")),
                        categories.values().stream().mapToLong(Long::longValue).sum(),
                        categories))
                .optional();
    }

    /** Adds the filter's conditions, leading with the client as the indexes do. */
    static void where(EventFilter filter, StringBuilder sql, Map<String, Object> params, SqlDialect dialect) {
        sql.append("1 = 1");
        if (filter.clientId() != null) {
            sql.append(" and client_id = :client");
            params.put("client", dialect.uuid(filter.clientId()));
        }
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
    }

    /** Reads the {@link #COLUMNS} by position: cheaper than by name for every row and column. */
    private Row row(ResultSet rs, int rowNum) throws SQLException {
        return new Row(
                dialect.uuid(rs, 1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                dialect.instant(rs, 6),
                dialect.instant(rs, 7),
                dialect.instant(rs, 8));
    }

    /** A stored event as read back. */
    record Row(
            UUID id,
            String sessionId,
            String category,
            String name,
            String data,
            Instant timestamp,
            Instant receivedAt,
            Instant originalTimestamp) {

        EventView view() {
            return new EventView(
                    id.toString(),
                    sessionId,
                    category,
                    name,
                    data,
                    EventTimestamps.format(timestamp),
                    EventTimestamps.format(receivedAt),
                    originalTimestamp == null ? null : EventTimestamps.format(originalTimestamp));
        }

        Cursor cursor() {
            return new Cursor(timestamp, id.toString());
        }
    }

    /** What {@code GET /sessions/{session_id}} answers. */
    record SessionSummary(
            @JsonProperty("session_id") String sessionId,

            @JsonProperty("first_timestamp") String firstTimestamp,

            @JsonProperty("last_timestamp") String lastTimestamp,

            long events,
            Map<String, Long> categories) {}
}
