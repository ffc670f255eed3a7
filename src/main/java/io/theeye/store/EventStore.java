package io.theeye.store;

import io.theeye.event.Event;
import io.theeye.event.IngestBatch;
import io.theeye.event.RejectedEvent;
import io.theeye.event.StoredEventListener;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Writes events and rejected events, many per transaction. */
public class EventStore {

    /** Most writers storing at once: each has a connection of its own, from a pool of at most this many. */
    public static final int MAX_WRITERS = 32;

    private static final Logger log = LoggerFactory.getLogger(EventStore.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final SqlDialect dialect;
    private final JsonMapper json;
    private final StoredEventListener listener;

    EventStore(JdbcTemplate jdbc, TransactionTemplate transaction, SqlDialect dialect, JsonMapper json) {
        this(jdbc, transaction, dialect, json, StoredEventListener.NONE);
    }

    EventStore(
            JdbcTemplate jdbc,
            TransactionTemplate transaction,
            SqlDialect dialect,
            JsonMapper json,
            StoredEventListener listener) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.dialect = dialect;
        this.json = json;
        this.listener = listener;
    }

    /**
     * Stores every event and rejected event of the given batches in one transaction: all are kept or none is. An
     * event whose id is already stored is skipped, so a retried request stores nothing twice. Once committed, the
     * events are handed to the listener (the admin UI's live tail).
     */
    public void store(List<IngestBatch> batches) {
        List<Event> events = batches.stream().flatMap(b -> b.events().stream()).toList();
        List<RejectedEvent> rejected =
                batches.stream().flatMap(b -> b.rejected().stream()).toList();
        transaction.executeWithoutResult(status -> {
            if (!events.isEmpty()) {
                jdbc.batchUpdate(dialect.insertEvent(), events, events.size(), this::bindEvent);
            }
            if (!rejected.isEmpty()) {
                jdbc.batchUpdate(dialect.insertRejectedEvent(), rejected, rejected.size(), this::bindRejected);
            }
        });
        if (!events.isEmpty()) {
            tell(events);
        }
    }

    private void tell(List<Event> events) {
        try {
            listener.stored(events);
        } catch (RuntimeException e) {
            // The events are committed: a listener's failure must not turn their 202 into a 503.
            log.warn("A listener to stored events failed", e);
        }
    }

    /**
     * Whether the database answers at all: tells a batch that cannot be stored (a poison batch) from a database that
     * is away, whose batches must wait rather than be given up.
     */
    public boolean isReachable() {
        try {
            jdbc.queryForObject("select 1", Integer.class);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void bindEvent(PreparedStatement ps, Event event) throws SQLException {
        bind(ps, event, dialect);
    }

    /** Binds an event to {@link SqlDialect#insertEvent()}. */
    static void bind(PreparedStatement ps, Event event, SqlDialect dialect) throws SQLException {
        ps.setObject(1, dialect.uuid(event.id()));
        ps.setObject(2, dialect.uuid(event.clientId()));
        ps.setString(3, event.sessionId());
        ps.setString(4, event.category());
        ps.setString(5, event.name());
        ps.setString(6, event.data());
        ps.setObject(7, dialect.timestamp(event.timestamp()));
        ps.setObject(8, dialect.timestamp(event.receivedAt()));
        if (event.schemaVersion() == null) {
            ps.setNull(9, Types.INTEGER);
        } else {
            ps.setInt(9, event.schemaVersion());
        }
    }

    private void bindRejected(PreparedStatement ps, RejectedEvent rejected) throws SQLException {
        ps.setObject(1, dialect.uuid(rejected.id()));
        ps.setObject(2, rejected.clientId() == null ? null : dialect.uuid(rejected.clientId()));
        ps.setObject(3, dialect.timestamp(rejected.receivedAt()));
        ps.setString(4, rejected.raw());
        ps.setString(5, json.writeValueAsString(rejected.errors()));
    }
}
