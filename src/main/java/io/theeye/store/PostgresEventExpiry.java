package io.theeye.store;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Expiry on PostgreSQL. A day's partition older than every client's cutoff is dropped whole, with its counts, in one
 * short transaction, and its ids after it; what expires later than that (the day the cutoffs fall in, a client whose own
 * retention is shorter, everyone else's when one client keeps its events longer) is deleted in batches of about
 * {@link #BATCH} rows, each a whole number of minutes of one client, each in a transaction of its own. Cutoffs are
 * taken down to the minute, the grain of the counts: an event expires at most a minute later than its cutoff. Then each
 * client's sessions whose days have all expired leave {@link SessionDays}.
 */
final class PostgresEventExpiry implements EventExpiry {

    private static final Logger log = LoggerFactory.getLogger(PostgresEventExpiry.class);

    /** Rows deleted per transaction: short enough that no writer waits long behind its row locks. */
    static final int BATCH = 5000;

    /** Ids of dropped days deleted per transaction: nothing but the ids table waits for them. */
    static final int ID_BATCH = 50_000;

    /**
     * How long dropping a partition may wait for its locks before trying again: while it waits, every read and write
     * of events waits behind it, so not long. Below PostgreSQL's deadlock check (1 s), so that when a writer and a drop
     * wait for each other the drop gives way.
     */
    static final Duration LOCK_TIMEOUT = Duration.ofMillis(200);

    /** Tries to drop a partition before leaving it for the next run (a long read, an export, holds it). */
    static final int DROP_TRIES = 5;

    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final String DEADLOCK = "40P01";

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Rollups rollups;
    private final EventPartitions partitions;

    PostgresEventExpiry(JdbcClient jdbc, TransactionTemplate transaction, Rollups rollups, EventPartitions partitions) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.rollups = rollups;
        this.partitions = partitions;
    }

    @Override
    public Removed expire(Plan plan) {
        Map<UUID, Instant> cutoffs = cutoffs(plan);
        long events = 0;
        Instant keptFrom = null;
        Instant eventsLeftFrom = null;
        if (plan.eventsBefore().isPresent()) {
            // Every client's cutoff is at or after the earliest one: the days before its day have expired for all.
            Instant earliest = minute(plan.eventsBefore().get());
            for (Instant cutoff : cutoffs.values()) {
                earliest = cutoff.isBefore(earliest) ? cutoff : earliest;
            }
            LocalDate firstKept = EventPartitions.day(earliest);
            keptFrom = EventPartitions.start(firstKept);
            for (Map.Entry<LocalDate, String> partition :
                    partitions.existing().headMap(firstKept).entrySet()) {
                events += drop(partition.getKey(), partition.getValue());
            }
            // Below the oldest partition left (one a long read kept from going, say), no event has an id to keep.
            TreeMap<LocalDate, String> left = partitions.existing();
            LocalDate idsKeptFrom = left.isEmpty() || left.firstKey().isAfter(firstKept) ? firstKept : left.firstKey();
            forgetIds(EventPartitions.start(idsKeptFrom));
            eventsLeftFrom = idsKeptFrom.isBefore(firstKept) ? EventPartitions.start(idsKeptFrom) : null;
        }
        for (Map.Entry<UUID, Instant> client : cutoffs.entrySet()) {
            Instant from = keptFrom != null ? keptFrom : oldest(client.getKey()).orElse(null);
            if (from != null) {
                events += deleteInBatches(client.getKey(), from, client.getValue());
            }
            // Sessions whose days are all gone; not those of a day whose drop was left for the next run: its events
            // stay.
            Instant cutoff = client.getValue();
            SessionDays.expire(
                    jdbc,
                    transaction,
                    client.getKey(),
                    eventsLeftFrom != null && eventsLeftFrom.isBefore(cutoff) ? eventsLeftFrom : cutoff);
        }
        long rejected = plan.rejectedBefore().map(this::deleteRejected).orElse(0L);
        return new Removed(events, rejected);
    }

    /** Each client's cutoff, down to the minute: its own, or the plan's for every client without one. */
    private Map<UUID, Instant> cutoffs(Plan plan) {
        Map<UUID, Instant> cutoffs = new HashMap<>();
        plan.eventsBefore()
                .ifPresent(before -> jdbc.sql("select client_id from clients")
                        .query(UUID.class)
                        .list()
                        .forEach(client -> cutoffs.put(client, minute(before))));
        plan.clientEventsBefore().forEach((client, before) -> cutoffs.put(client, minute(before)));
        return cutoffs;
    }

    /**
     * Drops the day's partition with its counts; how many events it held. Its writers wait while it goes (a late event
     * for that day), its readers do not until the drop itself. Its ids go after, in batches ({@link #forgetIds}).
     */
    private long drop(LocalDate day, String partition) {
        Instant from = EventPartitions.start(day);
        Instant to = EventPartitions.start(day.plusDays(1));
        for (int attempt = 1; ; attempt++) {
            try {
                Long count = transaction.execute(status -> {
                    jdbc.sql("set local lock_timeout = " + LOCK_TIMEOUT.toMillis())
                            .update();
                    jdbc.sql("lock table " + partition + " in share mode").update();
                    long rows = jdbc.sql("select count(*) from " + partition)
                            .query(Long.class)
                            .single();
                    rollups.removeRange(jdbc, null, from, to);
                    jdbc.sql("drop table " + partition).update();
                    return rows;
                });
                partitions.forget(day);
                return count == null ? 0 : count;
            } catch (RuntimeException e) {
                if (!waitedTooLong(e)) {
                    throw e;
                }
                if (attempt == DROP_TRIES) {
                    log.warn(
                            "Could not drop {} within {} in {} tries (a long read holds events); the next run"
                                    + " tries again",
                            partition,
                            LOCK_TIMEOUT,
                            DROP_TRIES);
                    return 0;
                }
            }
        }
    }

    /**
     * Takes out the ids of every event before {@code before}, where no partition is left, {@link #ID_BATCH} at a time.
     * Apart from the drops, which then take no longer than a count: deleting a day's million ids in the drop's
     * transaction tripled it (docs/benchmarks.md). Until they go, an expired event's id sent again is still taken
     * for stored, and the lookup by id finds no partition for it; a run that stopped before the end leaves the rest
     * to the next, which starts from the same bound. An event stored since in a day that was dropped (a late event,
     * its day made again) keeps its id: only ids whose event is gone are taken out.
     */
    private void forgetIds(Instant before) {
        Integer rows;
        do {
            // Holding the lock partitions are made under, so that none is attached between this statement's plan
            // (which lists the partitions it looks in) and its snapshot: else an event stored in a day made just then
            // would be missed, and its id taken out.
            rows = transaction.execute(status -> {
                EventPartitions.holdCreationLock(jdbc);
                return jdbc.sql("delete from event_ids where ctid = any(array(select ctid from event_ids i"
                                + " where i.\"timestamp\" < :before and not exists (select 1 from events e"
                                + " where e.client_id = i.client_id and e.\"timestamp\" = i.\"timestamp\""
                                + " and e.id = i.id) limit :batch))")
                        .param("before", SqlDialect.POSTGRESQL.timestamp(before))
                        .param("batch", ID_BATCH)
                        .update();
            });
        } while (rows != null && rows > 0);
    }

    /** Deletes the client's events in [from, before), a batch of about {@link #BATCH} rows at a time. */
    private long deleteInBatches(UUID client, Instant from, Instant before) {
        long deleted = 0;
        Instant start = from;
        while (start.isBefore(before)) {
            Instant end = batchEnd(client, start, before);
            Instant batchStart = start;
            // The counts come from the rows deleted, not from the range: a late event a writer commits into the
            // range meanwhile is not deleted, and its count must stay.
            Integer rows = transaction.execute(status -> {
                List<RemovedEvent> removed = jdbc.sql("delete from events where client_id = :client"
                                + " and \"timestamp\" >= :from and \"timestamp\" < :to"
                                + " returning client_id, category, name, \"timestamp\"")
                        .param("client", client)
                        .param("from", SqlDialect.POSTGRESQL.timestamp(batchStart))
                        .param("to", SqlDialect.POSTGRESQL.timestamp(end))
                        .query((rs, row) -> new RemovedEvent(
                                SqlDialect.POSTGRESQL.uuid(rs, 1),
                                rs.getString(2),
                                rs.getString(3),
                                SqlDialect.POSTGRESQL.instant(rs, 4)))
                        .list();
                if (!removed.isEmpty()) {
                    rollups.subtract(jdbc, removed);
                }
                return removed.size();
            });
            deleted += rows == null ? 0 : rows;
            start = end;
        }
        return deleted;
    }

    /**
     * Where a batch from {@code start} ends: the minute of the row {@link #BATCH} rows on, or {@code before} when fewer
     * are left. A minute with more rows than a batch is one batch.
     */
    private Instant batchEnd(UUID client, Instant start, Instant before) {
        Optional<Instant> next = jdbc.sql("select \"timestamp\" from events where client_id = :client"
                        + " and \"timestamp\" >= :from and \"timestamp\" < :to order by \"timestamp\""
                        + " offset :batch limit 1")
                .param("client", client)
                .param("from", SqlDialect.POSTGRESQL.timestamp(start))
                .param("to", SqlDialect.POSTGRESQL.timestamp(before))
                .param("batch", BATCH)
                .query((rs, n) -> SqlDialect.POSTGRESQL.instant(rs, 1))
                .optional();
        if (next.isEmpty()) {
            return before;
        }
        Instant end = minute(next.get());
        return end.isAfter(start) ? end : start.plus(1, ChronoUnit.MINUTES);
    }

    /** The minute of the client's oldest event, for a client whose events expire while others' are kept for ever. */
    private Optional<Instant> oldest(UUID client) {
        return jdbc.sql("select \"timestamp\" from events where client_id = :client order by \"timestamp\" limit 1")
                .param("client", client)
                .query((rs, n) -> SqlDialect.POSTGRESQL.instant(rs, 1))
                .optional()
                .map(PostgresEventExpiry::minute);
    }

    private long deleteRejected(Instant before) {
        long deleted = 0;
        int rows;
        do {
            rows = jdbc.sql("delete from rejected_events where id in (select id from rejected_events"
                            + " where received_at < :before limit :batch)")
                    .param("before", SqlDialect.POSTGRESQL.timestamp(before))
                    .param("batch", BATCH)
                    .update();
            deleted += rows;
        } while (rows > 0);
        return deleted;
    }

    private static Instant minute(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MINUTES);
    }

    private static boolean waitedTooLong(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql
                    && (LOCK_NOT_AVAILABLE.equals(sql.getSQLState()) || DEADLOCK.equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
