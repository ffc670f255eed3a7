package io.theeye.queue.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.theeye.event.IngestBatch;
import io.theeye.queue.BatchCodec;
import io.theeye.queue.BrokerContract;
import io.theeye.queue.EventConsumer;
import io.theeye.queue.EventQueue;
import io.theeye.queue.QueueProperties;
import io.theeye.queue.TestCodecs;
import io.theeye.support.TestBrokers;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code redis} queue's two sides against the real Redis server, each test on a stream of its own. */
class RedisQueueTests extends BrokerContract {

    private final BatchCodec codec = TestCodecs.signed();
    private RedisStreams streams;
    private RedisEventQueue publisher;

    @BeforeEach
    void connect() {
        QueueProperties.Redis settings = new QueueProperties.Redis(
                URI.create(TestBrokers.redis()),
                "the-eye-test:" + UUID.randomUUID(),
                "workers",
                Duration.ofMillis(500),
                100,
                false,
                0);
        streams = new RedisStreams(settings, Duration.ofSeconds(5));
        publisher = new RedisEventQueue(streams, codec, Duration.ofSeconds(5), RedisAcknowledgements.onReply());
    }

    @AfterEach
    void dropStream() {
        try (var connection = streams.connect()) {
            connection.sync().del(streams.stream());
        }
        publisher.close();
        streams.close();
    }

    @Override
    protected EventQueue publisher() {
        return publisher;
    }

    @Override
    protected EventConsumer openConsumer(String name) {
        return new RedisEventConsumer(
                streams, name, codec, Clock.systemUTC(), new RedisQueueMetrics(new SimpleMeterRegistry()));
    }

    @Override
    protected void publishRaw(byte[] payload) {
        try (var connection = streams.connect()) {
            streams.ensureGroup(connection);
            connection.sync().xadd(streams.stream(), Map.of(RedisStreams.FIELD, payload));
        }
    }

    @Test
    void trimsAcknowledgedEntriesAndKeepsPendingAndUnreadOnes() throws Exception {
        IngestBatch acknowledged = batch(3);
        publisher.publish(acknowledged).join();
        try (EventConsumer first = openConsumer("first")) {
            receive(first, acknowledged, true);
        }
        IngestBatch pending = batch(2);
        publisher.publish(pending).join();
        IngestBatch unread = batch(1);

        try (EventConsumer second = openConsumer("second")) {
            receive(second, pending, false);
            publisher.publish(unread).join();
            // A consumer looks after the stream before it reads: the acknowledged entry goes, the pending one and the
            // one not read yet stay.
            try (EventConsumer third = openConsumer("third")) {
                third.poll(10, Duration.ofMillis(100));
            }
            try (var connection = streams.connect()) {
                assertThat(connection.sync().xlen(streams.stream())).isEqualTo(2);
            }
        }
    }
}
