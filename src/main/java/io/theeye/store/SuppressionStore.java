package io.theeye.store;

import io.theeye.store.AuditLog.Action;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each client's suppressions: session ids, or values in {@code data}, whose events are refused from now on and never
 * stored. Adding and removing one is recorded in the audit log in the same transaction; the counts of events kept out
 * are added up by the API processes that refused them.
 */
public class SuppressionStore {

    /** The field of a suppression by session id; the others name a path in data. */
    public static final String SESSION_ID = "session_id";

    private static final String COLUMNS =
            "id, client_id, field, value, created_at, created_by, suppressed_count," + " last_suppressed_at";

    private final JdbcClient jdbc;
    private final ChangeTransactions transactions;
    private final SqlDialect dialect;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    SuppressionStore(
            JdbcClient jdbc,
            ChangeTransactions transactions,
            SqlDialect dialect,
            AuditLog audit,
            ApplicationEventPublisher events,
            Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.dialect = dialect;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /**
     * What a suppression keeps out: events whose {@code field} ({@value #SESSION_ID}, or a path in data) equals the
     * JSON value {@code value}.
     */
    public record Rule(String field, String value) {

        /**
         * A session's events.
         *
         * @throws ClientRules.Violation when it is no session id
         */
        public static Rule session(String sessionId) {
            if (sessionId == null
                    || sessionId.isEmpty()
                    || sessionId.codePointCount(0, sessionId.length()) > DeletionFilter.LONGEST_TEXT) {
                throw new ClientRules.Violation("session-id", "1 to " + DeletionFilter.LONGEST_TEXT + " characters");
            }
            return new Rule(SESSION_ID, JsonMapper.shared().writeValueAsString(sessionId));
        }

        /** The events with a value in data. */
        public static Rule data(DataCondition condition) {
            return new Rule(condition.path(), condition.valueText());
        }

        /** The rule as people read it: {@code session_id = "s-1"}, {@code data.user_id = "u-42"}. */
        public String describe() {
            return field + " = " + value;
        }
    }

    /**
     * One suppression.
     *
     * @param suppressedCount how many events it has kept out, as the API processes last added them up
     * @param lastSuppressedAt when it last kept one out (as last added up), or null
     */
    public record Suppression(
            long id,
            UUID clientId,
            String field,
            String value,
            Instant createdAt,
            String createdBy,
            long suppressedCount,
            Instant lastSuppressedAt) {

        public Rule rule() {
            return new Rule(field, value);
        }
    }

    /** A suppression added, or the same one found already there ({@code created} false). */
    public record Added(Suppression suppression, boolean created) {}

    /**
     * Adds the rule to the client's suppressions, unless it is there already.
     *
     * @return empty when there is no such client
     */
    public Optional<Added> add(String actor, UUID clientId, Rule rule) {
        Optional<Added> added = transactions.execute(status -> {
            boolean known = jdbc.sql("select count(*) from clients where client_id = ?")
                            .param(dialect.uuid(clientId))
                            .query(Long.class)
                            .single()
                    > 0;
            if (!known) {
                return Optional.<Added>empty();
            }
            Optional<Suppression> existing = find(clientId, rule);
            if (existing.isPresent()) {
                return Optional.of(new Added(existing.get(), false));
            }
            jdbc.sql(
                            "insert into suppressions (client_id, field, value, created_at, created_by) values (?, ?, ?, ?, ?)")
                    .params(
                            dialect.uuid(clientId),
                            rule.field(),
                            rule.value(),
                            dialect.timestamp(clock.instant()),
                            actor)
                    .update();
            audit.record(actor, Action.SUPPRESSION_ADDED, clientId, rule.describe());
            return Optional.of(new Added(find(clientId, rule).orElseThrow(), true));
        });
        added.filter(Added::created).ifPresent(a -> events.publishEvent(new SuppressionsChanged()));
        return added;
    }

    /**
     * Removes one of the client's suppressions: its events are let in again.
     *
     * @return empty when the client has no suppression of that id
     */
    public Optional<Suppression> remove(String actor, UUID clientId, long id) {
        Optional<Suppression> removed = transactions.execute(status -> {
            Optional<Suppression> found = jdbc.sql(
                            "select " + COLUMNS + " from suppressions where id = ? and client_id = ?")
                    .params(id, dialect.uuid(clientId))
                    .query(this::suppression)
                    .optional();
            found.ifPresent(suppression -> {
                jdbc.sql("delete from suppressions where id = ?").param(id).update();
                audit.record(
                        actor,
                        Action.SUPPRESSION_REMOVED,
                        clientId,
                        suppression.rule().describe());
            });
            return found;
        });
        removed.ifPresent(s -> events.publishEvent(new SuppressionsChanged()));
        return removed;
    }

    /** The client's suppressions, oldest first. */
    public List<Suppression> list(UUID clientId) {
        return jdbc.sql("select " + COLUMNS + " from suppressions where client_id = ? order by id")
                .param(dialect.uuid(clientId))
                .query(this::suppression)
                .list();
    }

    /** Every client's suppressions. */
    public List<Suppression> all() {
        return jdbc.sql("select " + COLUMNS + " from suppressions order by id")
                .query(this::suppression)
                .list();
    }

    /**
     * Adds the events each suppression kept out since the last time to its count.
     *
     * @param counts by suppression id; a suppression removed since is skipped
     */
    public void addCounts(Map<Long, Long> counts, Instant lastAt) {
        if (counts.isEmpty()) {
            return;
        }
        transactions.executeWithoutResult(status -> counts.forEach((id, count) -> jdbc.sql(
                        "update suppressions set suppressed_count = suppressed_count + ?, last_suppressed_at = ? where id = ?")
                .params(count, dialect.timestamp(lastAt), id)
                .update()));
    }

    private Optional<Suppression> find(UUID clientId, Rule rule) {
        return jdbc.sql("select " + COLUMNS + " from suppressions where client_id = ? and field = ? and value = ?")
                .params(dialect.uuid(clientId), rule.field(), rule.value())
                .query(this::suppression)
                .optional();
    }

    private Suppression suppression(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Suppression(
                rs.getLong(1),
                dialect.uuid(rs, 2),
                rs.getString(3),
                rs.getString(4),
                dialect.instant(rs, 5),
                rs.getString(6),
                rs.getLong(7),
                dialect.instant(rs, 8));
    }

    /** Published in the process that changed a suppression, after the change is committed. */
    public record SuppressionsChanged() {}
}
