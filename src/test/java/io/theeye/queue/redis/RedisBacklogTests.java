package io.theeye.queue.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.Consumer;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.theeye.queue.QueueBacklog;
import io.theeye.queue.QueueProperties;
import io.theeye.support.TestBrokers;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stream's backlog as an API process reads it, on a stream of the test's own whose entries carry the ids (so the
 * times) the test gives them: entries taken and not acknowledged, and those no worker has read, count; the oldest of
 * them dates the backlog; acknowledged ones do not count, trimmed or not.
 */
class RedisBacklogTests {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final String stream = "the-eye-test:" + UUID.randomUUID();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private RedisStreams streams;
    private RedisBacklog backlog;
    private StatefulRedisConnection<String, byte[]> connection;
    private RedisCommands<String, byte[]> redis;

    @BeforeEach
    void connect() {
        streams = new RedisStreams(
                new QueueProperties.Redis(
                        URI.create(TestBrokers.redis()), stream, "workers", Duration.ofSeconds(30), 100, false, 0),
                Duration.ofSeconds(5));
        backlog = new RedisBacklog(streams, meters);
        connection = streams.connect();
        redis = connection.sync();
    }

    @AfterEach
    void close() {
        redis.del(stream);
        connection.close();
        backlog.close();
        streams.close();
    }

    @Test
    void aStreamNobodyWroteToHasNoBacklog() {
        assertThat(backlog.read()).isEqualTo(new QueueBacklog.Reading(0, null));
    }

    @Test
    void entriesAddedBeforeTheGroupExistsAllWait() {
        add(0);
        add(1);

        assertThat(backlog.read()).isEqualTo(new QueueBacklog.Reading(2, T0));
    }

    @Test
    void countsTakenAndUnreadEntriesDatedByTheOldestButNotAcknowledgedOnes() {
        streams.ensureGroup(connection);
        String first = add(0);
        add(1);
        add(2);
        add(3);
        // A worker takes two and stores the first; another entry is added after.
        redis.xreadgroup(
                Consumer.from("workers", "w1"),
                XReadArgs.Builder.count(2),
                XReadArgs.StreamOffset.lastConsumed(stream));
        redis.xack(stream, "workers", first);

        QueueBacklog.Reading reading = backlog.read();

        // Pending: the second; unread: the third and fourth.
        assertThat(reading).isEqualTo(new QueueBacklog.Reading(3, T0.plusSeconds(1)));
        assertThat(meters.get("theeye.queue.redis.pending").gauge().value()).isEqualTo(1);
        assertThat(meters.get("theeye.queue.redis.stream.length").gauge().value())
                .isEqualTo(4);

        redis.xreadgroup(
                Consumer.from("workers", "w1"),
                XReadArgs.Builder.count(10),
                XReadArgs.StreamOffset.lastConsumed(stream));
        redis.xack(stream, "workers", id(1), id(2));
        assertThat(backlog.read()).isEqualTo(new QueueBacklog.Reading(1, T0.plusSeconds(3)));

        redis.xack(stream, "workers", id(3));
        assertThat(backlog.read()).isEqualTo(new QueueBacklog.Reading(0, null));
    }

    /** Adds an entry whose id says it was added {@code seconds} after T0. */
    private String add(int seconds) {
        return redis.xadd(stream, new XAddArgs().id(id(seconds)), Map.of(RedisStreams.FIELD, new byte[] {1}));
    }

    private static String id(int seconds) {
        return T0.plusSeconds(seconds).toEpochMilli() + "-0";
    }
}
