package io.theeye.system;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A task a process runs once at the start of its lifecycle phase, then on a fixed delay on a thread of its own until
 * the phase stops, and at once whenever asked (say, after a change this process made). One run at a time: a periodic
 * run that read the rows before a change must not finish after the run that change asked for, and put back the rows
 * without it.
 */
public abstract class PeriodicTask implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

    private final String threadName;
    private final Duration interval;
    private final int phase;
    private final Object oneRunAtATime = new Object();
    private volatile ScheduledExecutorService scheduler;

    /**
     * @param threadName the name of the thread that runs it on the delay
     * @param interval the delay between the end of one run and the start of the next
     * @param phase when it starts and stops, one of {@link LifecyclePhases}
     */
    protected PeriodicTask(String threadName, Duration interval, int phase) {
        this.threadName = threadName;
        this.interval = interval;
        this.phase = phase;
    }

    /** One run of the task. */
    protected abstract void runOnce();

    /** Runs the task on the caller's thread, once any run in progress has finished. */
    public final void runNow() {
        synchronized (oneRunAtATime) {
            runOnce();
        }
    }

    /** A run that throws must not end the later ones: the executor would run none after it. */
    private void runOnTheDelay() {
        try {
            runNow();
        } catch (RuntimeException e) {
            log.error("{} failed; it runs again in {}", threadName, interval, e);
        }
    }

    /**
     * Whether the process runs the task once as it starts, before the phases after this one: what requests read must
     * be there before the first request. A long task (expiry) says no, and runs first after one interval.
     */
    protected boolean runsAtStart() {
        return true;
    }

    /**
     * Runs the task once before the phases after this one start (unless {@link #runsAtStart} says no), then on the
     * delay.
     */
    @Override
    public void start() {
        if (runsAtStart()) {
            runNow();
        }
        long delay = Math.max(1, interval.toMillis());
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name(threadName).daemon().factory());
        started.scheduleWithFixedDelay(this::runOnTheDelay, delay, delay, TimeUnit.MILLISECONDS);
        scheduler = started;
    }

    /**
     * Interrupts a run in progress and waits a little for it to end, so that it does not go on with the connections
     * the phases before this one close.
     */
    @Override
    public void stop() {
        ScheduledExecutorService stopping = scheduler;
        scheduler = null;
        stopping.shutdownNow();
        try {
            stopping.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    @Override
    public final int getPhase() {
        return phase;
    }
}
