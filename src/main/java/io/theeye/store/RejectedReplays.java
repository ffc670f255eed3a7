package io.theeye.store;

import io.theeye.event.Event;
import io.theeye.event.FieldError;
import io.theeye.store.AuditLog.Action;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refused events sent through validation again: reads them page by page, and writes each page's outcome in one
 * transaction, so that an event is stored and leaves the rejected list together, or neither happens.
 */
public class RejectedReplays {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate transaction;
    private final SqlDialect dialect;
    private final AuditLog audit;
    private final JsonMapper json;
    private final EventPartitions partitions;

    /** @param partitions PostgreSQL's partitions of events, made for replayed events first; null on SQLite */
    RejectedReplays(
            JdbcClient jdbc,
            JdbcTemplate template,
            TransactionTemplate transaction,
            SqlDialect dialect,
            AuditLog audit,
            JsonMapper json,
            EventPartitions partitions) {
        this.jdbc = jdbc;
        this.template = template;
        this.transaction = transaction;
        this.dialect = dialect;
        this.audit = audit;
        this.json = json;
        this.partitions = partitions;
    }

    /** Up to {@code limit} refused events the filter matches after the row with id {@code afterId}, oldest first. */
    public List<Refused> page(RejectedFilter filter, long afterId, int limit) {
        Map<String, Object> params = new LinkedHashMap<>();
        String sql = "select id, rejection_id, client_id, received_at, raw from rejected_events where id > :after and "
                + Conditions.rejected(filter, params, dialect) + " order by id limit " + limit;
        params.put("after", afterId);
        return jdbc.sql(sql)
                .params(params)
                .query((rs, row) -> new Refused(
                        rs.getLong(1),
                        dialect.uuid(rs, 2),
                        dialect.uuid(rs, 3),
                        dialect.instant(rs, 4),
                        rs.getString(5)))
                .list();
    }

    /**
     * Stores the events that now pass and removes their refusals, and records the new errors of those that still
     * fail, all in one transaction. An event whose id its client already has is not stored again; its refusal goes.
     *
     * @param passed each refusal's row id, with the event it now makes
     * @param failed each refusal's row id, with its new errors
     */
    public void resolve(Map<Long, Event> passed, Map<Long, List<FieldError>> failed) {
        if (partitions != null) {
            // Refused events are often old: their days' partitions may be long gone, or never made.
            partitions.ensure(List.copyOf(passed.values()));
        }
        transaction.executeWithoutResult(status -> {
            List<Event> events = List.copyOf(passed.values());
            if (!events.isEmpty()) {
                dialect.insertEvents(template, events);
                List<Long> ids = List.copyOf(passed.keySet());
                template.batchUpdate(
                        "delete from rejected_events where id = ?", ids, ids.size(), (ps, id) -> ps.setLong(1, id));
            }
            for (Map.Entry<Long, List<FieldError>> refusal : failed.entrySet()) {
                jdbc.sql("update rejected_events set errors = " + dialect.jsonParameter() + " where id = ?")
                        .params(json.writeValueAsString(refusal.getValue()), refusal.getKey())
                        .update();
            }
        });
    }

    /** Records a replay in the audit log. */
    public void record(String actor, UUID clientId, String details) {
        transaction.executeWithoutResult(status -> audit.record(actor, Action.REPLAYED, clientId, details));
    }

    /**
     * A refused event as stored.
     *
     * @param id its row's id
     * @param rejectionId the refusal's own id, or null for rows recorded before refusals had one
     * @param clientId the client that sent it, or null when none could be told
     * @param raw what was sent, cut to the bound of {@code THE_EYE_INGEST_REJECTED_RAW_MAX_CHARS}
     */
    public record Refused(long id, UUID rejectionId, UUID clientId, Instant receivedAt, String raw) {}
}
