package io.theeye.queue.redis;

import io.lettuce.core.ConnectionFuture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.RedisCodec;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Connecting to Redis within a bound: the socket's connect timeout, then the URI's command timeout for the handshake.
 * Lettuce's own {@code connect} waits for the handshake without a bound: a worker once waited there for minutes, and
 * with it the shutdown that joins it.
 */
public final class RedisConnect {

    private RedisConnect() {}

    public static <V> StatefulRedisConnection<String, V> bounded(
            RedisClient client, RedisCodec<String, V> codec, RedisURI uri) {
        ConnectionFuture<StatefulRedisConnection<String, V>> connecting = client.connectAsync(codec, uri);
        Duration limit =
                client.getOptions().getSocketOptions().getConnectTimeout().plus(uri.getTimeout());
        try {
            return connecting.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Should it connect after all, nobody will use it.
            connecting.thenAccept(StatefulRedisConnection::closeAsync);
            throw new RedisConnectionException("connecting to Redis took longer than " + limit.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new RedisConnectionException(
                    "could not connect to Redis: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisConnectionException("interrupted while connecting to Redis", e);
        }
    }
}
