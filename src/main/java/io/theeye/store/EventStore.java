package io.theeye.store;

import io.theeye.event.Event;
import io.theeye.event.IngestBatch;
import io.theeye.event.RejectedEvent;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Writes events and rejected events, many per transaction. */
public class EventStore {

    /** Most writers storing at once: each has a connection of its own, from a pool of at most this many. */
    public static final int MAX_WRITERS = 32;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final SqlDialect dialect;
    private final JsonMapper json;

    EventStore(JdbcTemplate jdbc, TransactionTemplate transaction, SqlDialect dialect, JsonMapper json) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.dialect = dialect;
        this.json = json;
    }

    /**
     * Stores every event and rejected event of the given batches in one transaction: all are kept or none is. An
     * event whose id is already stored is skipped, so a retried request stores nothing twice. Each event gets its
     * {@link EventPosition} from the database as it is inserted: readers find it through {@link EventFeed}.
     */
    public void store(List<IngestBatch> batches) {
        List<Event> events = batches.stream().flatMap(b -> b.events().stream()).toList();
        List<RejectedEvent> rejected =
                batches.stream().flatMap(b -> b.rejected().stream()).toList();
        transaction.executeWithoutResult(status -> {
            if (!events.isEmpty()) {
                dialect.insertEvents(jdbc, events);
            }
            if (!rejected.isEmpty()) {
                jdbc.batchUpdate(dialect.insertRejectedEvent(), rejected, rejected.size(), this::bindRejected);
            }
        });
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

    private void bindRejected(PreparedStatement ps, RejectedEvent rejected) throws SQLException {
        ps.setObject(1, dialect.uuid(rejected.id()));
        ps.setObject(2, rejected.clientId() == null ? null : dialect.uuid(rejected.clientId()));
        ps.setObject(3, dialect.timestamp(rejected.receivedAt()));
        ps.setString(4, rejected.raw());
        ps.setString(5, json.writeValueAsString(rejected.errors()));
    }
}
