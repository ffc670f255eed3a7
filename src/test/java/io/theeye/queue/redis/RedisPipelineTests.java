package io.theeye.queue.redis;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.theeye.queue.BatchCodec;
import io.theeye.queue.BrokerPipelineContract;
import io.theeye.queue.EventConsumers;
import io.theeye.queue.EventQueue;
import io.theeye.queue.QueueProperties;
import io.theeye.queue.TestCodecs;
import io.theeye.support.TestBrokers;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** API side and workers through the real Redis, into a real database. */
class RedisPipelineTests extends BrokerPipelineContract {

    private final BatchCodec codec = TestCodecs.signed();
    private final RedisStreams streams = new RedisStreams(
            new QueueProperties.Redis(
                    URI.create(TestBrokers.redis()),
                    "the-eye-test:" + UUID.randomUUID(),
                    "workers",
                    Duration.ofSeconds(2),
                    100,
                    false,
                    0),
            Duration.ofSeconds(5));
    private final RedisEventQueue publisher =
            new RedisEventQueue(streams, codec, Duration.ofSeconds(5), RedisAcknowledgements.onReply());

    @AfterEach
    void dropStream() {
        try (var connection = streams.connect()) {
            connection.sync().del(streams.stream());
        }
        publisher.close();
        streams.close();
    }

    @Override
    protected EventQueue queue() {
        return publisher;
    }

    @Override
    protected EventConsumers consumers() {
        return new RedisEventConsumers(
                streams, codec, Clock.systemUTC(), new RedisQueueMetrics(new SimpleMeterRegistry()), 2);
    }
}
