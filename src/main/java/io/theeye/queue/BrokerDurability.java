package io.theeye.queue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Whether a broker keeps what it acknowledged through a crash, as its settings say: an API process answers 202 once
 * the broker has acknowledged the events, so that 202 is only as durable as the broker. Read at start and every
 * minute (settings change at run time, and a failover brings another server's); a broker that cannot promise it is
 * logged, shown as the gauge {@code theeye.queue.durable} (0) and on the admin dashboard. The last reading stands
 * while the broker cannot be read; before the first, the gauge is 0.
 */
public final class BrokerDurability implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BrokerDurability.class);
    static final Duration INTERVAL = Duration.ofMinutes(1);

    /**
     * What the broker's settings say.
     *
     * @param durable whether an acknowledged batch survives the broker's crash or its machine's power cut
     * @param summary what was read, naming the settings: the warning itself when not durable
     */
    public record Reading(boolean durable, String summary) {}

    /** Reads the broker's settings; throws when it cannot be asked. */
    @FunctionalInterface
    public interface Probe {
        Reading read() throws Exception;
    }

    private final String broker;
    private final Probe probe;
    private volatile Reading reading;
    /** Whether the last reading failed, so that an outage is logged once. */
    private boolean lastReadFailed;

    private ScheduledExecutorService reader;

    public BrokerDurability(String broker, Probe probe, MeterRegistry meters) {
        this.broker = broker;
        this.probe = probe;
        Gauge.builder("theeye.queue.durable", this, d -> d.durable() ? 1 : 0)
                .tag("broker", broker)
                .description("1 when the broker's settings promise that what it acknowledged (answered 202) survives"
                        + " its crash; 0 when they do not, or were not read yet")
                .register(meters);
    }

    /**
     * Reads the settings now and refuses (throws {@link BrokerNotDurableException}, naming them) unless they promise
     * durability: for a setting that requires it, such as {@code THE_EYE_REDIS_REQUIRE_DURABLE}.
     */
    public void require(String requiredBy) {
        try {
            record(probe.read());
        } catch (Exception e) {
            throw new BrokerNotDurableException(
                    requiredBy,
                    requiredBy + "=true, but " + name() + "'s persistence settings could not be read (" + e
                            + "): The Eye cannot promise that events answered 202 survive a crash of " + name(),
                    e);
        }
        if (!durable()) {
            throw new BrokerNotDurableException(requiredBy, requiredBy + "=true, but " + reading.summary(), null);
        }
    }

    private String name() {
        return Character.toUpperCase(broker.charAt(0)) + broker.substring(1);
    }

    /** Whether the last reading promised durability; false before the first. */
    public boolean durable() {
        Reading last = reading;
        return last != null && last.durable();
    }

    /** What to warn about: the last reading, when it did not promise durability. */
    public Optional<String> warning() {
        Reading last = reading;
        return last == null || last.durable() ? Optional.empty() : Optional.of(last.summary());
    }

    /** Reads the settings now: every minute once started, on the reader's thread (tests call it not to wait). */
    public void readNow() {
        try {
            record(probe.read());
            lastReadFailed = false;
        } catch (Exception e) {
            if (!lastReadFailed) {
                log.warn(
                        "Could not read {}'s persistence settings ({}); trying again in a minute",
                        name(),
                        e.toString());
            }
            lastReadFailed = true;
        }
    }

    private synchronized void record(Reading now) {
        Reading before = reading;
        reading = now;
        if (before != null && Objects.equals(before, now)) {
            return;
        }
        if (now.durable()) {
            log.info("{}", now.summary());
        } else {
            log.warn("{}", now.summary());
        }
    }

    /** The first reading does not hold up the start: a broker that is away costs a connect timeout. */
    @Override
    public synchronized void start() {
        reader = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name(broker + "-durability").daemon().factory());
        long first = reading == null ? 0 : INTERVAL.toMillis();
        reader.scheduleWithFixedDelay(this::readNow, first, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        reader.shutdownNow();
        reader = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return reader != null;
    }
}
