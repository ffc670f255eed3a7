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
    private final EventPartitions partitions;

    EventStore(JdbcTemplate jdbc, TransactionTemplate transaction, SqlDialect dialect, JsonMapper json) {
        this(jdbc, transaction, dialect, json, dialect == SqlDialect.POSTGRESQL ? new EventPartitions(jdbc) : null);
    }

    /** @param partitions PostgreSQL's partitions of events; null on SQLite, whose table has none */
    EventStore(
            JdbcTemplate jdbc,
            TransactionTemplate transaction,
            SqlDialect dialect,
            JsonMapper json,
            EventPartitions partitions) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.dialect = dialect;
        this.json = json;
        this.partitions = partitions;
    }

    /**
     * Stores every event and rejected event of the given batches in one transaction: all are kept or none is. An
     * event whose id is already stored is skipped, so a retried request stores nothing twice. Each event gets its
     * {@link EventPosition} from the database as it is inserted: readers find it through {@link EventFeed}. On
     * PostgreSQL, the partitions of days this process has not seen made are made first, whatever the timestamps.
     */
    public void store(List<IngestBatch> batches) {
        List<Event> events = batches.stream().flatMap(b -> b.events().stream()).toList();
        List<RejectedEvent> rejected =
                batches.stream().flatMap(b -> b.rejected().stream()).toList();
        if (partitions == null) {
            write(events, rejected);
            return;
        }
        partitions.ensure(events);
        try {
            write(events, rejected);
        } catch (RuntimeException e) {
            if (!EventPartitions.noPartitionFor(e)) {
                throw e;
            }
            // Expiry in some process dropped a day this process had seen made, and an event came late for it: this
            // time the days are made inside the group commit, where no drop can come between.
            partitions.reload();
            write(events, rejected, true);
        }
    }

    private void write(List<Event> events, List<RejectedEvent> rejected) {
        write(events, rejected, false);
    }

    private void write(List<Event> events, List<RejectedEvent> rejected, boolean makeDays) {
        transaction.executeWithoutResult(status -> {
            if (makeDays) {
                partitions.makeHeld(events);
            }
            if (!events.isEmpty()) {
                dialect.insertEvents(jdbc, events);
            }
            if (!rejected.isEmpty()) {
                jdbc.batchUpdate(dialect.insertRejectedEvent(), rejected, rejected.size(), this::bindRejected);
            }
        });
    }

    /** PostgreSQL's partitions of events, as this process knows them; null on SQLite. */
    EventPartitions partitions() {
        return partitions;
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
