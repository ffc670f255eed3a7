package io.theeye.exporter;

import io.theeye.fleet.ProcessStatus;
import io.theeye.store.ExportProgressStore;
import io.theeye.system.LifecyclePhases;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;

/**
 * The exporter's thread: takes the destination's lease (or waits while another exporter holds it), exports batch
 * after batch until none waits, then waits the interval, renewing the lease meanwhile. A failure (the database or
 * the destination away) is counted and logged, the process marked failing in the registry with the reason, and the
 * batch tried again after a pause: a batch is recorded pending before its files are written, so trying again writes
 * the same files. The process is healthy again once a batch goes through, or nothing waits.
 */
final class Exporter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Exporter.class);
    /** The longest pause before a failed batch is tried again. */
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(5);

    private final BatchExport batches;
    private final ExportProgressStore progress;
    private final LagProbe lag;
    private final ExportMetrics metrics;
    private final ProcessStatus status;
    private final Clock clock;
    private final String holder;
    private final Duration interval;
    private final Duration lease;
    private final Closeable destination;

    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile Thread thread;
    private volatile boolean holding;
    private Instant lastLag = Instant.MIN;

    Exporter(
            BatchExport batches,
            ExportProgressStore progress,
            LagProbe lag,
            ExportMetrics metrics,
            ProcessStatus status,
            Clock clock,
            String holder,
            Duration interval,
            Duration lease,
            Closeable destination) {
        this.batches = batches;
        this.progress = progress;
        this.lag = lag;
        this.metrics = metrics;
        this.status = status;
        this.clock = clock;
        this.holder = holder;
        this.interval = interval;
        this.lease = lease;
        this.destination = destination;
    }

    /** Whether this exporter holds its destination's lease, as of its last try. */
    boolean holding() {
        return holding;
    }

    private void run() {
        boolean toldWaiting = false;
        boolean exporting = false;
        boolean failing = false;
        while (stopping.getCount() > 0) {
            try {
                if (!renew()) {
                    if (!toldWaiting) {
                        log.info(
                                "Another exporter ({}) is exporting to {}: waiting until it stops or its lease"
                                        + " expires",
                                progress.find(batches.key()).holder(),
                                batches.key());
                        toldWaiting = true;
                    }
                    exporting = false;
                    pause(lease.dividedBy(3));
                    continue;
                }
                if (!exporting) {
                    log.info("Exporting to {} as {}", batches.key(), holder);
                    exporting = true;
                }
                toldWaiting = false;
                BatchExport.Outcome outcome = batches.next();
                if (failing) {
                    log.info("Exporting to {} again", batches.key());
                    failing = false;
                }
                status.healthy();
                switch (outcome) {
                    case EXPORTED -> lagAtMostEvery(interval);
                    case UP_TO_DATE -> {
                        lag.measure(batches.key(), batches.exported());
                        waitHolding(interval);
                    }
                    case LEASE_LOST -> {
                        log.warn("Lost the lease of {} to another exporter", batches.key());
                        holding = false;
                        exporting = false;
                    }
                }
            } catch (IOException | RuntimeException e) {
                metrics.failed();
                status.failing(reason(e));
                // Once per outage: the batch is tried again at every pause until it goes through.
                if (!failing) {
                    log.warn("Could not export to {}; trying again until it can", batches.key(), e);
                }
                failing = true;
                pause(interval.compareTo(RETRY_PAUSE) < 0 ? interval : RETRY_PAUSE);
            }
        }
    }

    /** What the registry shows: which side failed (the database or the destination), and the root cause. */
    private String reason(Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String what = e instanceof DataAccessException
                ? "cannot read or record the export's progress in the database"
                : "cannot write to " + batches.key();
        return what + ": " + cause;
    }

    /** While catching up, the lag is measured at the interval's pace: counting costs a scan. */
    private void lagAtMostEvery(Duration every) {
        Instant now = clock.instant();
        if (lastLag.isBefore(now.minus(every))) {
            lag.measure(batches.key(), batches.exported());
            lastLag = now;
        }
    }

    private boolean renew() {
        Instant now = clock.instant();
        holding = progress.lease(batches.key(), holder, now, now.plus(lease));
        return holding;
    }

    /** Waits, renewing the lease at a third of its length so that it never expires while this exporter runs. */
    private void waitHolding(Duration wait) {
        Instant until = clock.instant().plus(wait);
        Duration step = lease.dividedBy(3);
        while (stopping.getCount() > 0) {
            Duration left = Duration.between(clock.instant(), until);
            if (left.isNegative() || left.isZero()) {
                return;
            }
            pause(left.compareTo(step) < 0 ? left : step);
            if (stopping.getCount() > 0 && !renew()) {
                return;
            }
        }
    }

    private void pause(Duration wait) {
        try {
            stopping.await(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping.countDown();
        }
    }

    @Override
    public synchronized void start() {
        if (thread == null) {
            thread = Thread.ofPlatform().name("exporter").start(this::run);
        }
    }

    /** Finishes the batch in hand, then gives the lease up so that another exporter may take over at once. */
    @Override
    public void stop() {
        Thread running;
        synchronized (this) {
            running = thread;
            thread = null;
        }
        if (running == null) {
            return;
        }
        stopping.countDown();
        try {
            running.join(Duration.ofMinutes(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            progress.release(batches.key(), holder);
        } catch (RuntimeException e) {
            log.warn("Could not give up the lease of {} ({}): it expires in {}", batches.key(), e, lease);
        }
        try {
            destination.close();
        } catch (IOException e) {
            log.warn("Could not close the destination {} ({})", batches.key(), e.toString());
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return thread != null;
    }

    @Override
    public int getPhase() {
        return LifecyclePhases.WORKERS;
    }
}
