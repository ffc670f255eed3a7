package io.theeye.retention;

import io.theeye.store.ClientStore;
import io.theeye.store.EventExpiry;
import io.theeye.store.EventExpiry.Plan;
import io.theeye.store.EventExpiry.Removed;
import io.theeye.store.MaintenanceLock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Expiry: what has expired now, by the settings and clients' own retentions, removed under the maintenance lock, so
 * that one process at a time removes events however many run it.
 */
public class Retention {

    private final RetentionProperties settings;
    private final ClientStore clients;
    private final EventExpiry expiry;
    private final MaintenanceLock lock;
    private final Clock clock;

    Retention(
            RetentionProperties settings, ClientStore clients, EventExpiry expiry, MaintenanceLock lock, Clock clock) {
        this.settings = settings;
        this.clients = clients;
        this.expiry = expiry;
        this.lock = lock;
        this.clock = clock;
    }

    /**
     * Removes what has expired, holding the maintenance lock; empty, at once, when another process holds it. With no
     * retention set anywhere, nothing can expire: it answers at once, without writing the lock's row.
     *
     * @param holder what runs it, for whoever looks at the lock
     */
    public Optional<Removed> expire(String holder) {
        Plan plan = plan();
        if (plan.keepsEverything()) {
            return Optional.of(new Removed(0, 0));
        }
        return lock.whileHolding(holder, () -> expiry.expire(plan));
    }

    /** Who holds the maintenance lock, if anyone does. */
    public Optional<MaintenanceLock.Holder> lockHolder() {
        return lock.holder();
    }

    /**
     * What has expired at this moment. Cutoffs are whole minutes, rounded down: an event is kept up to a minute past
     * its retention, never removed before, and a range of whole minutes is what the rollups can take out whole.
     */
    Plan plan() {
        Instant now = clock.instant();
        Map<UUID, Instant> own = new LinkedHashMap<>();
        clients.retentionDays().forEach((client, days) -> own.put(client, cutoff(now, Duration.ofDays(days))));
        return new Plan(
                Optional.ofNullable(settings.events()).map(kept -> cutoff(now, kept)),
                own,
                Optional.ofNullable(settings.rejected()).map(kept -> cutoff(now, kept)));
    }

    private static Instant cutoff(Instant now, Duration kept) {
        return now.minus(kept).truncatedTo(ChronoUnit.MINUTES);
    }
}
