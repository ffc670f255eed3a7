package io.theeye.queue.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Health contributor {@code queue}: whether Redis answers a PING. */
final class RedisHealthIndicator implements HealthIndicator, AutoCloseable {

    private final RedisStreams streams;
    private StatefulRedisConnection<String, byte[]> connection;

    RedisHealthIndicator(RedisStreams streams) {
        this.streams = streams;
    }

    @Override
    public synchronized Health health() {
        try {
            if (connection == null) {
                connection = streams.connect();
            }
            connection.sync().ping();
            return Health.up()
                    .withDetail("broker", "redis")
                    .withDetail("stream", streams.stream())
                    .build();
        } catch (RuntimeException e) {
            return Health.down(e).withDetail("broker", "redis").build();
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
        }
    }
}
