package io.theeye.store;

import io.theeye.store.AuditLog.Action;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deletion on request: a client's events that a {@link DeletionFilter} matches, with its refused events that match,
 * found by reads and removed by key in short transactions (each holds SQLite's one write lock for a few milliseconds,
 * so ingest goes on) that keep the rollups exact, then recorded in the audit log with the filter and the counts, never the data. Every batch
 * is committed when {@link #delete} returns: reads see the deletion at once.
 *
 * <p>Refused events match a time range by their receipt. The other filters match a refused event by what was sent:
 * its raw text read as a JSON event ({@code session_id}, {@code category}, {@code name}, {@code data}); raw text that
 * is not a JSON object (a body that was not JSON, one cut to {@code THE_EYE_INGEST_REJECTED_RAW_MAX_CHARS}) matches
 * only a filter of a time range alone.
 */
public class EventDeletions {

    /** Refused events read per page while looking for the ones a filter matches. */
    private static final int REFUSED_PAGE = 1000;

    private final JdbcClient jdbc;
    private final ChangeTransactions transactions;
    private final SqlDialect dialect;
    private final Rollups rollups;
    private final MaintenanceLock lock;
    private final AuditLog audit;
    private final JsonMapper json;

    EventDeletions(
            JdbcClient jdbc,
            ChangeTransactions transactions,
            SqlDialect dialect,
            Rollups rollups,
            MaintenanceLock lock,
            AuditLog audit,
            JsonMapper json) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.dialect = dialect;
        this.rollups = rollups;
        this.lock = lock;
        this.audit = audit;
        this.json = json;
    }

    /** How many events and refused events a deletion by this filter would remove now: the preview. */
    public Counts count(DeletionFilter filter) {
        Map<String, Object> params = new LinkedHashMap<>();
        long events = jdbc.sql("select count(*) from events where " + Conditions.events(filter, params, dialect))
                .params(params)
                .query(Long.class)
                .single();
        long refused;
        if (filter.timeOnly()) {
            Map<String, Object> refusedParams = new LinkedHashMap<>();
            refused = jdbc.sql("select count(*) from rejected_events where " + refusedConditions(filter, refusedParams))
                    .params(refusedParams)
                    .query(Long.class)
                    .single();
        } else {
            refused = matchingRefused(filter).size();
        }
        return new Counts(events, refused);
    }

    /**
     * Removes what the filter matches and records it in the audit log, as {@code actor}; a failure half way records
     * what was removed before it.
     *
     * @return the counts; empty when another process is removing events (expiry, a deletion), to be asked again
     */
    public Optional<Counts> delete(String actor, DeletionFilter filter) {
        return lock.whileHolding("deletion by " + actor, () -> {
            long[] removed = new long[2];
            boolean complete = false;
            try {
                removed[0] = deleteEvents(filter);
                removed[1] = deleteRefused(filter);
                complete = true;
            } finally {
                Counts counts = new Counts(removed[0], removed[1]);
                String details = describe(filter, counts) + (complete ? "" : ", failed before the end");
                transactions.executeWithoutResult(
                        status -> audit.record(actor, Action.EVENTS_DELETED, filter.clientId(), details));
            }
            return new Counts(removed[0], removed[1]);
        });
    }

    /**
     * Finds the matching events a page at a time by a read, which takes no lock (a filter on data reads every event of
     * the client), then deletes each page by its keys in a transaction of its own, which holds the write lock only for
     * that many look-ups by key. The filter is applied again in the delete, so what it removes always matches.
     */
    private long deleteEvents(DeletionFilter filter) {
        Map<String, Object> params = new LinkedHashMap<>();
        String conditions = Conditions.events(filter, params, dialect);
        int batch = dialect.deletionBatchRows();
        String first = "select id from events where " + conditions + " order by id limit " + batch;
        String next = "select id from events where " + conditions + " and id > :after order by id limit " + batch;
        String delete = "delete from events where " + conditions
                + " and id in (:ids) returning client_id, category, name, \"timestamp\"";
        long total = 0;
        UUID after = null;
        while (true) {
            if (after != null) {
                params.put("after", dialect.uuid(after));
            }
            List<UUID> ids = jdbc.sql(after == null ? first : next)
                    .params(params)
                    .query((rs, row) -> dialect.uuid(rs, 1))
                    .list();
            if (ids.isEmpty()) {
                return total;
            }
            Map<String, Object> deleteParams = new LinkedHashMap<>(params);
            deleteParams.put("ids", ids.stream().map(dialect::uuid).toList());
            total += transactions.execute(status -> {
                List<RemovedEvent> rows = jdbc.sql(delete)
                        .params(deleteParams)
                        .query((rs, row) -> new RemovedEvent(
                                dialect.uuid(rs, 1), rs.getString(2), rs.getString(3), dialect.instant(rs, 4)))
                        .list();
                if (!rows.isEmpty()) {
                    rollups.subtract(jdbc, rows);
                }
                return rows.size();
            });
            if (ids.size() < batch) {
                return total;
            }
            after = ids.getLast();
        }
    }

    private long deleteRefused(DeletionFilter filter) {
        int batch = dialect.deletionBatchRows();
        long total = 0;
        if (filter.timeOnly()) {
            Map<String, Object> params = new LinkedHashMap<>();
            String sql = "delete from rejected_events where id in (select id from rejected_events where "
                    + refusedConditions(filter, params) + " limit " + batch + ")";
            while (true) {
                int removed = transactions.execute(
                        status -> jdbc.sql(sql).params(params).update());
                total += removed;
                if (removed < batch) {
                    return total;
                }
            }
        }
        List<Long> ids = matchingRefused(filter);
        for (int start = 0; start < ids.size(); start += batch) {
            List<Long> some = ids.subList(start, Math.min(ids.size(), start + batch));
            total += transactions.execute(status -> jdbc.sql("delete from rejected_events where id in (:ids)")
                    .param("ids", some)
                    .update());
        }
        return total;
    }

    /** The row ids of the client's refused events whose raw text, read as an event, the filter matches. */
    private List<Long> matchingRefused(DeletionFilter filter) {
        Map<String, Object> params = new LinkedHashMap<>();
        String sql = "select id, raw from rejected_events where " + refusedConditions(filter, params)
                + " and id > :after order by id limit " + REFUSED_PAGE;
        List<Long> matching = new ArrayList<>();
        long after = Long.MIN_VALUE;
        while (true) {
            params.put("after", after);
            List<Refused> page = jdbc.sql(sql)
                    .params(params)
                    .query((rs, row) -> new Refused(rs.getLong(1), rs.getString(2)))
                    .list();
            for (Refused refused : page) {
                if (matches(filter, refused.raw())) {
                    matching.add(refused.id());
                }
            }
            if (page.size() < REFUSED_PAGE) {
                return matching;
            }
            after = page.getLast().id();
        }
    }

    private boolean matches(DeletionFilter filter, String raw) {
        JsonNode event;
        try {
            event = json.readTree(raw);
        } catch (JacksonException | IllegalArgumentException e) {
            return false;
        }
        if (event == null || !event.isObject()) {
            return false;
        }
        return (filter.sessionIds().isEmpty() || textIn(event.get("session_id"), filter.sessionIds()))
                && (filter.category() == null || textIn(event.get("category"), List.of(filter.category())))
                && (filter.name() == null || textIn(event.get("name"), List.of(filter.name())))
                && (filter.data() == null || filter.data().matchesEvent(event));
    }

    private static boolean textIn(JsonNode node, List<String> values) {
        return node != null && node.isString() && values.contains(node.stringValue());
    }

    private String refusedConditions(DeletionFilter filter, Map<String, Object> params) {
        return Conditions.rejected(new RejectedFilter(filter.clientId(), filter.from(), filter.to()), params, dialect);
    }

    private String describe(DeletionFilter filter, Counts counts) {
        return "filter: " + json.writeValueAsString(filter.describe()) + ", events: " + counts.events()
                + ", rejected_events: " + counts.rejectedEvents();
    }

    private record Refused(long id, String raw) {}

    /** How many events and refused events a deletion removed, or would remove. */
    public record Counts(long events, long rejectedEvents) {}
}
