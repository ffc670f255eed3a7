package io.theeye.store;

import io.theeye.event.Event;
import io.theeye.event.EventFilter;
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
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every read of stored events, for the API and the admin pages. Every query leads with the client and ends in
 * (timestamp, id) order, the shape of the indexes, so pages are index range scans whatever the filters. Each read
 * but an export is bounded by the query timeout; an export by its own response deadline.
 */
public final class EventReads {

    /** Rows of a page fetched per round trip: 50 events of 64 KiB are a few MiB. */
    static final int PAGE_FETCH_SIZE = 50;

    /** Rows of an export fetched per round trip; PostgreSQL streams with a cursor only inside a transaction. */
    static final int EXPORT_FETCH_SIZE = 2000;

    private static final String COLUMNS = SqlDialect.EVENT_COLUMNS;
    private static final Comparator<Event> NEWEST_FIRST = Comparator.comparing(Event::timestamp)
            .thenComparing(e -> e.id().toString())
            .thenComparing(e -> e.clientId().toString())
            .reversed();

    private final JdbcClient jdbc;
    private final JdbcClient paging;
    private final JdbcClient exporting;
    private final TransactionTemplate readOnly;
    private final SqlDialect dialect;
    private final ReadTimeout reads;
    private final ClientStore clients;

    /**
     * @param paging fetches {@link #PAGE_FETCH_SIZE} rows per round trip (PostgreSQL otherwise reads every row before
     *     the first), {@code exporting} {@link #EXPORT_FETCH_SIZE}
     */
    EventReads(
            JdbcClient jdbc,
            JdbcClient paging,
            JdbcClient exporting,
            TransactionTemplate readOnly,
            SqlDialect dialect,
            ReadTimeout reads,
            ClientStore clients) {
        this.jdbc = jdbc;
        this.paging = paging;
        this.exporting = exporting;
        this.readOnly = readOnly;
        this.dialect = dialect;
        this.reads = reads;
        this.clients = clients;
    }

    /**
     * Up to {@code limit + 1} events after the keyset in the order asked, each handed to {@code each} as it is read
     * (the extra one tells whether a next page exists). Rows come from the database a few at a time, so a page of
     * large events is never in memory whole.
     */
    public void page(EventFilter filter, EventKeyset after, boolean descending, int limit, Consumer<Event> each) {
        Supplier<Void> read = () -> {
            SessionDays.narrowed(jdbc, dialect, filter).ifPresent(rows -> read(rows, after, descending, limit, each));
            return null;
        };
        if (filter.from() == null && filter.to() == null && !SessionDays.applies(filter, dialect)) {
            // A category's pages with no time range, say: on PostgreSQL every day's partition is read whatever the
            // values, so planning for them is wasted (on a year of days, tens of milliseconds a page). A session's
            // pages are planned for their values: the session's days prune the partitions.
            reads.runUnbounded(read);
        } else {
            reads.run(read);
        }
    }

    private void read(EventFilter filter, EventKeyset after, boolean descending, int limit, Consumer<Event> each) {
        Map<String, Object> params = new LinkedHashMap<>();
        String sql = query(filter, after, descending, params) + " limit " + (limit + 1);
        paging.sql(sql).params(params).query((RowCallbackHandler) rs -> each.accept(event(rs, 0)));
    }

    /**
     * Up to {@code limit + 1} events, newest first, before the keyset if one is given. Across all clients each client
     * is asked for a page through its own index range and the pages are merged, rather than sorting the whole table.
     */
    public List<Event> newest(EventFilter filter, EventKeyset before, int limit) {
        List<UUID> clientIds = filter.clientId() != null
                ? List.of(filter.clientId())
                : clients.findAll().stream().map(ClientStore.Client::clientId).toList();
        List<Event> merged = reads.run(() -> {
            List<Event> all = new ArrayList<>();
            for (UUID clientId : clientIds) {
                Optional<EventFilter> ofClient = SessionDays.narrowed(
                        jdbc,
                        dialect,
                        new EventFilter(
                                clientId,
                                filter.sessionId(),
                                filter.category(),
                                filter.name(),
                                filter.from(),
                                filter.to()));
                if (ofClient.isEmpty()) {
                    continue;
                }
                Map<String, Object> params = new LinkedHashMap<>();
                all.addAll(jdbc.sql(query(ofClient.get(), before, true, params) + " limit " + (limit + 1))
                        .params(params)
                        .query(this::event)
                        .list());
            }
            return all;
        });
        merged.sort(NEWEST_FIRST);
        return merged.size() > limit + 1 ? merged.subList(0, limit + 1) : merged;
    }

    /**
     * The event with this id of this client, or of any client when {@code clientId} is null. Ids are unique within a
     * client; across clients the lookup goes client by client through the primary key, never through the table. On
     * PostgreSQL the key is {@code event_ids}, which gives the timestamp, so that only the one partition holding the
     * event is read (and locked): a second statement, planned for that timestamp.
     */
    public Optional<Event> find(UUID id, UUID clientId) {
        String of = clientId == null ? "(select client_id from clients)" : "(:client)";
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("id", dialect.uuid(id));
        if (clientId != null) {
            params.put("client", dialect.uuid(clientId));
        }
        if (dialect == SqlDialect.POSTGRESQL) {
            return reads.run(() -> jdbc
                    .sql("select client_id, \"timestamp\" from event_ids where id = :id and client_id in " + of)
                    .params(params)
                    .query((rs, n) -> Map.entry(dialect.uuid(rs, 1), dialect.instant(rs, 2)))
                    .list()
                    .stream()
                    .flatMap(key -> jdbc
                            .sql("select " + COLUMNS + " from events where client_id = :client and id = :id"
                                    + " and \"timestamp\" = :timestamp")
                            .param("client", key.getKey())
                            .param("id", id)
                            .param("timestamp", dialect.timestamp(key.getValue()))
                            .query(this::event)
                            .optional()
                            .stream())
                    .min(Comparator.comparing(Event::receivedAt)
                            .thenComparing(e -> e.clientId().toString())));
        }
        return reads.run(() -> jdbc.sql("select " + COLUMNS + " from events where id = :id and client_id in " + of
                        + " order by received_at, client_id limit 1")
                .params(params)
                .query(this::event)
                .optional());
    }

    /** The session's first and last timestamps and event count by category; empty when it has no events. */
    public Optional<SessionSummary> session(UUID clientId, String sessionId) {
        // On PostgreSQL, planned for its values: the session's days prune the partitions.
        return reads.run(() -> SessionDays.narrowed(jdbc, dialect, EventFilter.session(clientId, sessionId))
                .flatMap(this::summary));
    }

    private Optional<SessionSummary> summary(EventFilter session) {
        Map<String, Object> params = new LinkedHashMap<>();
        String where = Conditions.events(session, params, dialect);
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
                .query((rs, n) ->
                        new SessionSummary(dialect.instant(rs, "first_ts"), dialect.instant(rs, "last_ts"), categories))
                .optional();
    }

    /**
     * Every event the filter matches, in (timestamp, id) order, each handed to {@code each} as it is read: rows are
     * fetched a batch at a time, so memory stays flat however many match.
     */
    public void export(EventFilter filter, boolean descending, Consumer<Event> each) {
        readOnly.executeWithoutResult(status -> {
            SessionDays.narrowed(jdbc, dialect, filter).ifPresent(rows -> {
                Map<String, Object> params = new LinkedHashMap<>();
                String sql = query(rows, null, descending, params);
                exporting.sql(sql).params(params).query((RowCallbackHandler) rs -> each.accept(event(rs, 0)));
            });
        });
    }

    private String query(EventFilter filter, EventKeyset after, boolean descending, Map<String, Object> params) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from events where ");
        sql.append(Conditions.events(filter, params, dialect));
        if (after != null) {
            // The bound on the timestamp alone says the same as the row's, but PostgreSQL prunes the day partitions
            // by it: those before the cursor (after, in descending order) are not read.
            sql.append(
                    descending
                            ? " and \"timestamp\" <= :afterTs and (\"timestamp\", id) < (:afterTs, :afterId)"
                            : " and \"timestamp\" >= :afterTs and (\"timestamp\", id) > (:afterTs, :afterId)");
            params.put("afterTs", dialect.timestamp(after.timestamp()));
            params.put("afterId", dialect.uuid(after.id()));
        }
        sql.append(descending ? " order by \"timestamp\" desc, id desc" : " order by \"timestamp\", id");
        return sql.toString();
    }

    private Event event(ResultSet rs, int row) throws SQLException {
        return dialect.event(rs, 1);
    }

    /** A session's first and last timestamps, and its events counted by category (in category order). */
    public record SessionSummary(Instant first, Instant last, Map<String, Long> categories) {

        public long events() {
            return categories.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
