package io.theeye.store;

import io.theeye.event.EpochMicros;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Expiry on SQLite, which lets one connection write at a time: it deletes in short transactions, each sized to hold
 * the write lock well under {@link #LONGEST_HOLD}, and pauses between them so that ingest's writers, waiting for the
 * lock, get it. Each transaction removes, for one client, whole minutes of events (and takes that range out of the rollups)
 * or, when a single minute holds more than a batch, part of a minute (and takes exactly the rows it removed out of
 * them). Batches are sized by the time the last ones took (see {@link BatchSize}). docs/retention.md, "SQLite", says
 * more.
 */
final class SqliteEventExpiry implements EventExpiry {

    /** What the issue allows a transaction of expiry to hold the write lock for. */
    static final Duration LONGEST_HOLD = Duration.ofMillis(50);

    /**
     * The pause between two transactions. A writer that finds the lock taken sleeps between tries, up to 100 ms at a
     * time once it has waited a while (SQLite's busy handler); a longer pause than that lets every waiting writer in.
     */
    static final Duration PAUSE = Duration.ofMillis(110);

    private static final Logger log = LoggerFactory.getLogger(SqliteEventExpiry.class);

    private final JdbcClient jdbc;
    private final SqlDialect dialect;
    private final Rollups rollups;
    private final TransactionTemplate changes;
    private final Duration pause;
    private volatile Duration longestHold = Duration.ZERO;
    private final List<Duration> holds = Collections.synchronizedList(new ArrayList<>());

    /** @param changes transactions that take the write lock first, as {@link ChangeTransactions} do */
    SqliteEventExpiry(JdbcClient jdbc, SqlDialect dialect, Rollups rollups, TransactionTemplate changes) {
        this(jdbc, dialect, rollups, changes, PAUSE);
    }

    SqliteEventExpiry(
            JdbcClient jdbc, SqlDialect dialect, Rollups rollups, TransactionTemplate changes, Duration pause) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.rollups = rollups;
        this.changes = changes;
        this.pause = pause;
    }

    @Override
    public Removed expire(Plan plan) {
        longestHold = Duration.ZERO;
        holds.clear();
        BatchSize size = new BatchSize();
        long events = 0;
        // Without a default, only the clients with a retention of their own have anything to expire.
        Iterable<UUID> clients = plan.eventsBefore().isPresent()
                ? this::clientsWithEvents
                : plan.clientEventsBefore().keySet();
        for (UUID client : clients) {
            Optional<Instant> before = cutoff(plan, client);
            if (before.isPresent()) {
                events += expireEvents(client, before.get(), size);
            }
        }
        long rejected = plan.rejectedBefore()
                .map(before -> expireRejected(before, size))
                .orElse(0L);
        if (events + rejected > 0) {
            log.info(
                    "Expired {} events and {} refused events; the longest write lock held: {} ms",
                    events,
                    rejected,
                    longestHold.toMillis());
        }
        return new Removed(events, rejected);
    }

    /** How long each transaction of the last {@link #expire} held the write lock, in order: for the benchmark. */
    List<Duration> holds() {
        return List.copyOf(holds);
    }

    /** Every client that has events, one index look-up each (the index leads with client_id). */
    private Iterator<UUID> clientsWithEvents() {
        return new Iterator<>() {
            private Optional<UUID> next = after(null);

            @Override
            public boolean hasNext() {
                return next.isPresent();
            }

            @Override
            public UUID next() {
                UUID client = next.orElseThrow();
                next = after(client);
                return client;
            }

            private Optional<UUID> after(UUID client) {
                if (client == null) {
                    return jdbc.sql("select client_id from events order by client_id limit 1")
                            .query((rs, row) -> dialect.uuid(rs, 1))
                            .optional();
                }
                return jdbc.sql("select client_id from events where client_id > ? order by client_id limit 1")
                        .param(dialect.uuid(client))
                        .query((rs, row) -> dialect.uuid(rs, 1))
                        .optional();
            }
        };
    }

    private long expireEvents(UUID client, Instant before, BatchSize size) {
        Object clientId = dialect.uuid(client);
        Object end = dialect.timestamp(before);
        long removed = 0;
        while (!Thread.currentThread().isInterrupted()) {
            Optional<Long> oldest = jdbc.sql(
                            "select \"timestamp\" from events where client_id = ? and \"timestamp\" < ?"
                                    + " order by \"timestamp\" limit 1")
                    .params(clientId, end)
                    .query(Long.class)
                    .optional();
            if (oldest.isEmpty()) {
                break;
            }
            Instant from = minute(oldest.get());
            int rows = size.rows();
            // Planned outside the lock: events stored meanwhile in the range are expired too, and counted.
            Optional<Long> beyond = jdbc.sql(
                            "select \"timestamp\" from events where client_id = ? and \"timestamp\" >= ?"
                                    + " and \"timestamp\" < ? order by \"timestamp\" limit 1 offset ?")
                    .params(clientId, dialect.timestamp(from), end, rows)
                    .query(Long.class)
                    .optional();
            Instant to = beyond.map(SqliteEventExpiry::minute).orElse(before);
            if (to.isAfter(from)) {
                removed += timed(size, () -> removeMinutes(client, from, to));
            } else {
                // One minute holds more than a batch: part of it, each row taken out of the counts.
                removed += timed(size, () -> removePartOfMinute(client, from, rows));
            }
            pause();
        }
        return removed;
    }

    /** Every event of the client in [from, to), whole minutes, and the same range of the rollups. */
    private int removeMinutes(UUID client, Instant from, Instant to) {
        int deleted = jdbc.sql("delete from events where client_id = ? and \"timestamp\" >= ? and \"timestamp\" < ?")
                .params(dialect.uuid(client), dialect.timestamp(from), dialect.timestamp(to))
                .update();
        if (deleted > 0) {
            rollups.removeRange(jdbc, client, from, to);
        }
        return deleted;
    }

    /** The oldest {@code rows} events of the client in the minute from {@code from}, each taken out of the rollups. */
    private int removePartOfMinute(UUID client, Instant from, int rows) {
        List<RemovedEvent> removed = new ArrayList<>(rows);
        jdbc.sql("delete from events where seq in (select seq from events where client_id = ? and \"timestamp\" >= ?"
                        + " and \"timestamp\" < ? order by \"timestamp\" limit ?)"
                        + " returning client_id, category, name, \"timestamp\"")
                .params(
                        dialect.uuid(client),
                        dialect.timestamp(from),
                        dialect.timestamp(from.plus(1, ChronoUnit.MINUTES)),
                        rows)
                .query(rs -> {
                    removed.add(new RemovedEvent(
                            dialect.uuid(rs, 1), rs.getString(2), rs.getString(3), dialect.instant(rs, 4)));
                });
        rollups.subtract(jdbc, removed);
        return removed.size();
    }

    private long expireRejected(Instant before, BatchSize size) {
        long removed = 0;
        while (!Thread.currentThread().isInterrupted()) {
            int rows = size.rows();
            int deleted = timed(
                    size,
                    () -> jdbc.sql("delete from rejected_events where id in (select id from rejected_events where"
                                    + " received_at < ? order by received_at, id limit ?)")
                            .params(dialect.timestamp(before), rows)
                            .update());
            removed += deleted;
            if (deleted < rows) {
                break;
            }
            pause();
        }
        return removed;
    }

    /** Runs the removal in a transaction that holds the write lock, and times the hold, from the lock to the commit. */
    private int timed(BatchSize size, IntSupplier removal) {
        long[] locked = new long[1];
        Integer deleted = changes.execute(status -> {
            locked[0] = System.nanoTime();
            return removal.getAsInt();
        });
        Duration held = Duration.ofNanos(System.nanoTime() - locked[0]);
        holds.add(held);
        if (held.compareTo(longestHold) > 0) {
            longestHold = held;
        }
        if (held.compareTo(LONGEST_HOLD) > 0) {
            log.warn("Expiry held the write lock {} ms for {} rows", held.toMillis(), deleted);
        }
        size.record(deleted, held);
        return deleted;
    }

    private void pause() {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            // The process is stopping: the loops end at their next look at the flag.
            Thread.currentThread().interrupt();
        }
    }

    /** The start of the minute a stored instant (microseconds) falls in. */
    private static Instant minute(long micros) {
        return EpochMicros.toInstant(micros).truncatedTo(ChronoUnit.MINUTES);
    }

    /**
     * How many rows the next transaction removes: as many as the time per row measured so far says fit in
     * {@link #TARGET}, growing at most twofold from one to the next, and halved at once after a transaction that held
     * the lock too long (a checkpoint, a cold cache).
     */
    static final class BatchSize {

        /** What a transaction aims at, well under {@link #LONGEST_HOLD}: a commit's fsync varies. */
        static final Duration TARGET = Duration.ofMillis(20);

        static final int FEWEST = 10;
        static final int MOST = 50_000;

        private int rows = 500;

        int rows() {
            return rows;
        }

        void record(int deleted, Duration held) {
            if (held.compareTo(LONGEST_HOLD) > 0) {
                rows = Math.max(FEWEST, rows / 2);
                return;
            }
            if (deleted < rows / 2) {
                return; // a short batch (the end of a range) says little about a full one
            }
            double perRow = (double) Math.max(1, held.toNanos()) / Math.max(1, deleted);
            long fits = (long) (TARGET.toNanos() / perRow);
            rows = (int) Math.clamp(fits, FEWEST, Math.min(MOST, 2L * rows));
        }
    }

    /** The plan's cutoff for a client: its own, or the default. */
    static Optional<Instant> cutoff(Plan plan, UUID client) {
        Map<UUID, Instant> own = plan.clientEventsBefore();
        return own.containsKey(client) ? Optional.of(own.get(client)) : plan.eventsBefore();
    }
}
