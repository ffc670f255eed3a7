package io.theeye.queue.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.theeye.event.Event;
import io.theeye.event.IngestBatch;
import io.theeye.queue.BrokerDurability;
import io.theeye.queue.QueueProperties;
import io.theeye.queue.QueueUnavailableException;
import io.theeye.queue.TestCodecs;
import io.theeye.support.RedisServerProcess;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A publisher that requires a durable Redis stops publishing once Redis is read not to be one any more (its settings
 * changed, or a failover brought another server's), and publishes again once it is.
 */
class RedisAcknowledgementsTests {

    private static final String STREAM = "the-eye-test:acknowledgements";

    @Test
    void aPublisherRequiringADurableRedisRefusesWhileItIsReadNotToBeOneAndWritesNothing() {
        try (RedisServerProcess redis = RedisServerProcess.start("--appendonly", "yes", "--appendfsync", "always");
                RedisStreams streams = new RedisStreams(
                        new QueueProperties.Redis(
                                URI.create(redis.url()), STREAM, "workers", Duration.ofSeconds(30), 100, true, 0),
                        Duration.ofSeconds(5))) {
            BrokerDurability durability =
                    new BrokerDurability("redis", new RedisPersistence(streams), new SimpleMeterRegistry());
            durability.require("THE_EYE_REDIS_REQUIRE_DURABLE");
            RedisEventQueue publisher = new RedisEventQueue(
                    streams,
                    TestCodecs.signed(),
                    Duration.ofSeconds(5),
                    new RedisAcknowledgements(0, Duration.ofSeconds(1), durability, true));
            publisher.publish(batch()).join();

            redis.call(c -> c.sync().configSet("appendfsync", "everysec"));
            durability.readNow();

            assertThatThrownBy(() -> publisher.publish(batch()).join())
                    .cause()
                    .isInstanceOf(QueueUnavailableException.class)
                    .hasMessageContaining("does not write events to disk before it acknowledges them");
            assertThat(length(redis)).as("entries in the stream").isEqualTo(1);

            redis.call(c -> c.sync().configSet("appendfsync", "always"));
            durability.readNow();

            publisher.publish(batch()).join();
            assertThat(length(redis)).isEqualTo(2);
            publisher.close();
        }
    }

    private static long length(RedisServerProcess redis) {
        return redis.call(c -> c.sync().xlen(STREAM));
    }

    private static IngestBatch batch() {
        Instant now = Instant.now();
        return new IngestBatch(
                List.of(new Event(UUID.randomUUID(), UUID.randomUUID(), "s", "c", "n", "{}", now, now)), List.of());
    }
}
