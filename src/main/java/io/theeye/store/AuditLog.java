package io.theeye.store;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Who changed which client, and when: rows are only ever added, in the transaction of the change they record. */
public class AuditLog {

    private final JdbcClient jdbc;
    private final SqlDialect dialect;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, SqlDialect dialect, Clock clock) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.clock = clock;
    }

    /**
     * What was done: to a client, to one of its write keys, to a payload schema, to refused events, to a client's events
     * (a deletion) or to its suppressions.
     */
    public enum Action {
        CREATED,
        ROTATED,
        REVOKED,
        REACTIVATED,
        RATE_LIMIT_SET,
        RATE_LIMIT_CLEARED,
        SCHEMA_SAVED,
        SCHEMA_DELETED,
        REPLAYED,
        KEY_CREATED,
        KEY_REVOKED,
        KEY_RATE_LIMIT_SET,
        KEY_RATE_LIMIT_CLEARED,
        EVENTS_DELETED,
        SUPPRESSION_ADDED,
        SUPPRESSION_REMOVED,
        RETENTION_SET,
        RETENTION_CLEARED;

        /** How the action is stored and shown. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param clientId the client concerned, or null when the change concerns none (a schema, all clients' events)
     */
    void record(String actor, Action action, UUID clientId, String details) {
        jdbc.sql("insert into audit_log (at, actor, action, client_id, details) values (?, ?, ?, ?, ?)")
                .params(
                        dialect.timestamp(clock.instant()),
                        actor,
                        action.label(),
                        clientId == null ? null : dialect.uuid(clientId),
                        details)
                .update();
    }

    /**
     * Up to {@code limit} entries older than the one with id {@code before} (or the newest when null), newest first.
     */
    public List<Entry> page(Long before, int limit) {
        String where = before == null ? "" : " where id < " + before.longValue();
        return jdbc.sql("select id, at, actor, action, client_id, details from audit_log" + where
                        + " order by id desc limit " + limit)
                .query((rs, row) -> new Entry(
                        rs.getLong(1),
                        dialect.instant(rs, 2),
                        rs.getString(3),
                        rs.getString(4),
                        dialect.uuid(rs, 5),
                        rs.getString(6)))
                .list();
    }

    /**
     * One recorded change.
     *
     * @param actor who made it: an admin's username, or {@code cli:} and the operating system's user
     * @param action one of the {@link Action} labels
     * @param details what else is worth knowing (a name, a grace period ...)
     */
    public record Entry(long id, Instant at, String actor, String action, UUID clientId, String details) {}
}
