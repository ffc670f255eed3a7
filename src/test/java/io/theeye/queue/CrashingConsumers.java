package io.theeye.queue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Consumers that crash once, the first time a worker acknowledges stored batches: after the database commit, before
 * the broker hears of it. An {@link Error}, as a worker that runs out of memory there would throw.
 */
public final class CrashingConsumers implements EventConsumers {

    private final EventConsumers real;
    private final AtomicBoolean crashed = new AtomicBoolean();

    public CrashingConsumers(EventConsumers real) {
        this.real = real;
    }

    public boolean crashed() {
        return crashed.get();
    }

    @Override
    public EventConsumer open(String name) {
        EventConsumer consumer = real.open(name);
        return new EventConsumer() {
            @Override
            public List<Delivery> poll(int maxEvents, Duration timeout) throws InterruptedException {
                return consumer.poll(maxEvents, timeout);
            }

            @Override
            public List<Delivery> drain(int maxEvents) {
                return consumer.drain(maxEvents);
            }

            @Override
            public void settle(List<Delivery> stored, List<Delivery> failed, Throwable cause) {
                if (!stored.isEmpty() && crashed.compareAndSet(false, true)) {
                    throw new OutOfMemoryError("simulated: the worker died between its commit and its acknowledgement");
                }
                consumer.settle(stored, failed, cause);
            }

            @Override
            public boolean redelivers() {
                return consumer.redelivers();
            }

            @Override
            public void close() {
                consumer.close();
            }
        };
    }

    @Override
    public int suggestedConcurrency() {
        return real.suggestedConcurrency();
    }
}
