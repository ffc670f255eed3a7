package io.theeye.queue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * How far behind the workers are, read from the broker by each API process every few seconds: the batches on it
 * that no worker has stored yet, as the gauge {@code theeye.queue.depth}, and how long the oldest of them has waited,
 * as {@code theeye.queue.oldest.age} (seconds; 0 with none waiting). Every API process reads the same broker, so all
 * report the same figures: alert on their {@code max()}. Both are NaN before the first reading and while the broker
 * cannot be read.
 */
public final class QueueBacklog implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QueueBacklog.class);
    static final Duration INTERVAL = Duration.ofSeconds(5);

    public static final String DEPTH_GAUGE = "theeye.queue.depth";
    public static final String OLDEST_AGE_GAUGE = "theeye.queue.oldest.age";

    /**
     * What the broker holds for the workers.
     *
     * @param depth batches (stream entries, Kafka records) not stored yet: waiting, or taken by a worker and not
     *     acknowledged
     * @param oldest when the oldest of them was put on the broker, by the broker's or the producer's clock; null with
     *     none
     */
    public record Reading(long depth, Instant oldest) {}

    /** Reads the backlog; throws when the broker cannot be asked. */
    @FunctionalInterface
    public interface Probe {
        Reading read() throws Exception;
    }

    private final String broker;
    private final Probe probe;
    private final Clock clock;
    private volatile Reading reading;
    /** Whether the last reading failed, so that an outage is logged once. */
    private boolean lastReadFailed;

    private ScheduledExecutorService reader;

    public QueueBacklog(String broker, Probe probe, Clock clock, MeterRegistry meters) {
        this.broker = broker;
        this.probe = probe;
        this.clock = clock;
        Gauge.builder(DEPTH_GAUGE, this, QueueBacklog::depth)
                .tag("broker", broker)
                .description("Batches on the broker that no worker has stored yet (waiting, or taken and not"
                        + " acknowledged)")
                .register(meters);
        Gauge.builder(OLDEST_AGE_GAUGE, this, QueueBacklog::oldestAgeSeconds)
                .tag("broker", broker)
                .baseUnit("seconds")
                .description("How long the oldest batch on the broker not stored yet has waited; 0 with none")
                .register(meters);
    }

    private double depth() {
        Reading last = reading;
        return last == null ? Double.NaN : last.depth();
    }

    private double oldestAgeSeconds() {
        Reading last = reading;
        if (last == null) {
            return Double.NaN;
        }
        if (last.oldest() == null) {
            return 0;
        }
        return Math.max(0, Duration.between(last.oldest(), clock.instant()).toMillis() / 1000.0);
    }

    /** Reads the backlog now: every few seconds once started, on the reader's thread (tests call it not to wait). */
    public void readNow() {
        try {
            reading = probe.read();
            lastReadFailed = false;
        } catch (Exception e) {
            reading = null;
            if (Thread.currentThread().isInterrupted()) {
                return; // stopping
            }
            if (!lastReadFailed) {
                log.warn("Could not read the backlog on {} ({}); trying again", broker, e.toString());
            }
            lastReadFailed = true;
        }
    }

    @Override
    public synchronized void start() {
        reader = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name(broker + "-backlog").daemon().factory());
        reader.scheduleWithFixedDelay(this::readNow, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits for a reading under way, so that the probe's client is not closed under it. */
    @Override
    public synchronized void stop() {
        reader.shutdownNow();
        try {
            reader.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reader = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return reader != null;
    }
}
