package io.theeye.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One process at a time, however many run, for the work that removes events (expiry and deletion): a row of
 * {@code maintenance_locks} in the database, which every process shares. The holder's lease lasts {@link #LEASE}; a
 * thread renews it every third of that while the work runs, so that a holder that dies (killed, its machine lost)
 * leaves a lease that expires, and another process takes the lock over then. Each taking has a token of its own, so
 * that a holder that lost its lease (paused past its expiry, then taken over) can neither renew nor release the new
 * holder's.
 */
public final class MaintenanceLock {

    /** How long a holder's lease lasts unless renewed: how long the lock stays taken after its holder died. */
    public static final Duration LEASE = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(MaintenanceLock.class);

    private static final String NAME = "events";

    private static final String CREATE =
            "insert into maintenance_locks (name) values (?) on conflict (name) do nothing";

    private static final String TAKE = "update maintenance_locks set holder = ?, token = ?, taken_at = ?,"
            + " lease_until = ? where name = ? and (token is null or lease_until < ?)";

    private static final String RENEW = "update maintenance_locks set lease_until = ? where name = ? and token = ?";

    private static final String RELEASE = "update maintenance_locks set holder = null, token = null, taken_at = null,"
            + " lease_until = null where name = ? and token = ?";

    private final JdbcClient jdbc;
    private final SqlDialect dialect;
    private final Clock clock;
    private final Duration lease;

    MaintenanceLock(JdbcClient jdbc, SqlDialect dialect, Clock clock) {
        this(jdbc, dialect, clock, LEASE);
    }

    MaintenanceLock(JdbcClient jdbc, SqlDialect dialect, Clock clock, Duration lease) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.clock = clock;
        this.lease = lease;
    }

    /**
     * Runs the work while holding the lock, or returns empty at once when another process holds it. The lock is
     * released when the work ends, however it ends.
     *
     * @param holder who holds it, for whoever looks ({@link #holder()}): what the work is, and where it runs
     */
    public <T> Optional<T> whileHolding(String holder, Supplier<T> work) {
        UUID token = UUID.randomUUID();
        if (!take(holder, token)) {
            return Optional.empty();
        }
        ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("maintenance-lease").daemon().factory());
        long every = Math.max(1, lease.toMillis() / 3);
        renewer.scheduleWithFixedDelay(() -> renew(holder, token), every, every, TimeUnit.MILLISECONDS);
        try {
            return Optional.ofNullable(work.get());
        } finally {
            renewer.shutdownNow();
            awaitEnd(renewer);
            release(token);
        }
    }

    /** Who holds the lock and until when their lease runs, if anyone does (an expired lease still shows). */
    public Optional<Holder> holder() {
        return jdbc.sql("select holder, taken_at, lease_until from maintenance_locks where name = ? and token is not"
                        + " null")
                .param(NAME)
                .query(this::holder)
                .optional();
    }

    /** Takes the lock for the token if nobody holds it or the last lease expired; whether it did. */
    boolean take(String holder, UUID token) {
        Instant now = clock.instant();
        jdbc.sql(CREATE).param(NAME).update();
        return jdbc.sql(TAKE)
                        .params(
                                holder,
                                dialect.uuid(token),
                                dialect.timestamp(now),
                                dialect.timestamp(now.plus(lease)),
                                NAME,
                                dialect.timestamp(now))
                        .update()
                == 1;
    }

    private void renew(String holder, UUID token) {
        try {
            int renewed = jdbc.sql(RENEW)
                    .params(dialect.timestamp(clock.instant().plus(lease)), NAME, dialect.uuid(token))
                    .update();
            if (renewed == 0) {
                log.error("{} lost the maintenance lock: its lease expired and another process took it over", holder);
            }
        } catch (RuntimeException e) {
            // The next renewal tries again; the lease outlasts two missed ones.
            log.warn("Could not renew the maintenance lock of {} ({})", holder, e.toString());
        }
    }

    private void release(UUID token) {
        try {
            jdbc.sql(RELEASE).params(NAME, dialect.uuid(token)).update();
        } catch (RuntimeException e) {
            log.warn("Could not release the maintenance lock ({}); it is free once its lease expires", e.toString());
        }
    }

    private static void awaitEnd(ScheduledExecutorService renewer) {
        try {
            renewer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Holder holder(ResultSet rs, int row) throws SQLException {
        return new Holder(rs.getString(1), dialect.instant(rs, 2), dialect.instant(rs, 3));
    }

    /**
     * Who holds the lock.
     *
     * @param holder what they said they are, see {@link #whileHolding}
     * @param since when they took it
     * @param leaseUntil when their lease expires unless renewed
     */
    public record Holder(String holder, Instant since, Instant leaseUntil) {}
}
