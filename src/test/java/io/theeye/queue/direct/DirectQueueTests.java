package io.theeye.queue.direct;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.theeye.queue.EventConsumer;
import io.theeye.queue.EventConsumerContract;
import io.theeye.queue.EventQueue;
import io.theeye.queue.QueueProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.util.unit.DataSize;

/** The {@code direct} queue's two sides, through the contracts every backend passes. */
class DirectQueueTests extends EventConsumerContract {

    private DirectEventQueue queue;

    @BeforeEach
    void start() {
        queue = new DirectEventQueue(
                new QueueProperties.Direct(10_000, DataSize.ofMegabytes(64)), 1, new SimpleMeterRegistry());
        queue.start();
    }

    @AfterEach
    void stop() {
        queue.stop();
    }

    @Override
    protected EventQueue publisher() {
        return queue;
    }

    @Override
    protected EventConsumer openConsumer(String name) {
        return queue.open(name);
    }
}
