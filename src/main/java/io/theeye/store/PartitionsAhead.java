package io.theeye.store;

import io.theeye.system.LifecyclePhases;
import io.theeye.system.PeriodicTask;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps PostgreSQL's partitions of {@code events} made ahead, in every process that writes events: at start, before
 * the workers take anything, then every hour. Several processes doing it at once is safe; what one made, the others
 * find made.
 */
final class PartitionsAhead extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(PartitionsAhead.class);

    /** A day's partition is there a week before its day: an hour between looks is plenty. */
    static final Duration INTERVAL = Duration.ofHours(1);

    private final EventPartitions partitions;
    private final Clock clock;

    PartitionsAhead(EventPartitions partitions, Clock clock) {
        super("event-partitions", INTERVAL, LifecyclePhases.CACHES);
        this.partitions = partitions;
        this.clock = clock;
    }

    @Override
    protected void runOnce() {
        int made = partitions.makeAhead(LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        if (made > 0) {
            log.info("Made {} partitions of events ahead", made);
        }
    }
}
