package io.theeye.worker;

import io.theeye.queue.EventConsumers;
import io.theeye.system.LifecyclePhases;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.SmartLifecycle;

/** Starts the worker threads with the process and, when it stops, lets each finish what it holds. */
final class Workers implements SmartLifecycle {

    private final List<Worker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;
    private volatile boolean running;

    Workers(
            int count,
            EventConsumers consumers,
            BatchWriter writer,
            PoisonBatches poison,
            WorkerProperties settings,
            WorkerState state) {
        String process = ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime());
        for (int i = 0; i < count; i++) {
            workers.add(new Worker(
                    "worker-" + process + "-" + i, consumers, writer, poison, settings, state, () -> stopping));
        }
    }

    @Override
    public void start() {
        stopping = false;
        for (int i = 0; i < workers.size(); i++) {
            threads.add(Thread.ofPlatform().name("event-writer-" + i).start(workers.get(i)));
        }
        running = true;
    }

    /** Each worker finishes the batches it holds (with {@code direct}: every accepted request), then stops. */
    @Override
    public void stop() {
        stopping = true;
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return LifecyclePhases.WORKERS;
    }
}
