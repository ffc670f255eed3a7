package io.theeye.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The deployment's processes, one row each, written by the process itself at every heartbeat: the table every API
 * process reads to list them. What counts as live or lost is the reader's to decide from {@code last_seen}.
 */
public class ProcessStore {

    private static final String COLUMNS = "id, role, host, pid, version, started_at, last_seen, batches_stored,"
            + " events_stored, failures, restarts, events_per_second, problem";

    private static final String BEAT = "insert into processes (" + COLUMNS + ")"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do update set"
            + " last_seen = excluded.last_seen, batches_stored = excluded.batches_stored,"
            + " events_stored = excluded.events_stored, failures = excluded.failures, restarts = excluded.restarts,"
            + " events_per_second = excluded.events_per_second, problem = excluded.problem";

    private final JdbcClient jdbc;
    private final SqlDialect dialect;

    ProcessStore(JdbcClient jdbc, SqlDialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    /**
     * One process as it last told.
     *
     * @param role {@code api}, {@code worker} or {@code exporter}
     * @param lastSeen when it last wrote its row, by its own clock
     * @param batchesStored batches its workers committed since it started (each try of a batch that failed counts in
     *     {@code failures})
     * @param eventsStored events (and rejected events) its workers committed since it started
     * @param failures tries to store a batch that failed
     * @param restarts times one of its workers started again after a failure
     * @param eventsPerSecond events stored per second between its last two heartbeats
     * @param problem why it cannot do its work, as it last told; null while it can
     */
    public record StoredProcess(
            String id,
            String role,
            String host,
            long pid,
            String version,
            Instant startedAt,
            Instant lastSeen,
            long batchesStored,
            long eventsStored,
            long failures,
            long restarts,
            double eventsPerSecond,
            String problem) {

        /** A process that tells of no problem. */
        public StoredProcess(
                String id,
                String role,
                String host,
                long pid,
                String version,
                Instant startedAt,
                Instant lastSeen,
                long batchesStored,
                long eventsStored,
                long failures,
                long restarts,
                double eventsPerSecond) {
            this(
                    id,
                    role,
                    host,
                    pid,
                    version,
                    startedAt,
                    lastSeen,
                    batchesStored,
                    eventsStored,
                    failures,
                    restarts,
                    eventsPerSecond,
                    null);
        }
    }

    /** Writes the process's row: adds it the first time, updates when it was seen and its counts afterwards. */
    public void beat(StoredProcess process) {
        jdbc.sql(BEAT)
                .params(
                        process.id(),
                        process.role(),
                        process.host(),
                        process.pid(),
                        process.version(),
                        dialect.timestamp(process.startedAt()),
                        dialect.timestamp(process.lastSeen()),
                        process.batchesStored(),
                        process.eventsStored(),
                        process.failures(),
                        process.restarts(),
                        process.eventsPerSecond(),
                        process.problem())
                .update();
    }

    /** Removes a process's row, as it stops; whether there was one. */
    public boolean remove(String id) {
        return jdbc.sql("delete from processes where id = ?").param(id).update() > 0;
    }

    /** Removes the rows of processes last seen before {@code before}; returns how many. */
    public int forget(Instant before) {
        return jdbc.sql("delete from processes where last_seen < ?")
                .param(dialect.timestamp(before))
                .update();
    }

    /** Every row, by role, host and start. */
    public List<StoredProcess> findAll() {
        return jdbc.sql("select " + COLUMNS + " from processes order by role, host, started_at, id")
                .query(this::process)
                .list();
    }

    private StoredProcess process(ResultSet rs, int row) throws SQLException {
        return new StoredProcess(
                rs.getString("id"),
                rs.getString("role"),
                rs.getString("host"),
                rs.getLong("pid"),
                rs.getString("version"),
                dialect.instant(rs, "started_at"),
                dialect.instant(rs, "last_seen"),
                rs.getLong("batches_stored"),
                rs.getLong("events_stored"),
                rs.getLong("failures"),
                rs.getLong("restarts"),
                rs.getDouble("events_per_second"),
                rs.getString("problem"));
    }
}
