package io.theeye.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A periodic task runs once as it starts, then on its delay, and never twice at once. */
class PeriodicTaskTests {

    /** Counts its runs; the first waits for {@link #release} while {@link #blockFirst} is set. */
    private static final class Counted extends PeriodicTask {

        final AtomicInteger runs = new AtomicInteger();
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger mostInside = new AtomicInteger();
        final CountDownLatch firstEntered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean blockFirst;

        Counted(Duration interval) {
            super("counted", interval, LifecyclePhases.CACHES);
        }

        @Override
        protected void runOnce() {
            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
            try {
                if (runs.incrementAndGet() == 1 && blockFirst) {
                    firstEntered.countDown();
                    release.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inside.decrementAndGet();
            }
        }
    }

    @Test
    void aRunAskedForWhileAnotherRunsWaitsForItToFinish() throws InterruptedException {
        Counted task = new Counted(Duration.ofHours(1));
        task.blockFirst = true;
        Thread first = Thread.ofPlatform().start(task::runNow);
        task.firstEntered.await();
        Thread second = Thread.ofPlatform().start(task::runNow);

        await().atMost(Duration.ofSeconds(10)).until(() -> second.getState() == Thread.State.BLOCKED);
        assertThat(task.runs).hasValue(1);

        task.release.countDown();
        first.join();
        second.join();
        assertThat(task.runs).hasValue(2);
        assertThat(task.mostInside).hasValue(1);
    }

    @Test
    void runsOnceAsItStartsThenOnItsDelayUntilStopped() {
        Counted task = new Counted(Duration.ofMillis(1));
        task.start();
        try {
            assertThat(task.runs.get()).isGreaterThanOrEqualTo(1);
            assertThat(task.isRunning()).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> task.runs.get() >= 3);
        } finally {
            task.stop();
        }
        assertThat(task.isRunning()).isFalse();
        assertThat(task.getPhase()).isEqualTo(LifecyclePhases.CACHES);
    }

    @Test
    void aRunThatFailsDoesNotEndTheLaterOnes() {
        AtomicInteger runs = new AtomicInteger();
        PeriodicTask failing = new PeriodicTask("failing", Duration.ofMillis(1), LifecyclePhases.CACHES) {
            @Override
            protected void runOnce() {
                if (runs.incrementAndGet() == 2) {
                    throw new IllegalStateException("the database is away");
                }
            }
        };
        failing.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 4);
        } finally {
            failing.stop();
        }
    }
}
