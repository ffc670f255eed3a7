package io.theeye.queue.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.theeye.event.IngestBatch;
import io.theeye.queue.BatchCodec;
import io.theeye.queue.EventQueue;
import io.theeye.queue.QueueUnavailableException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The publishing side on Redis: a batch is one stream entry (XADD), durable for The Eye once Redis has answered (and,
 * if so set, once replicas have it: {@link RedisAcknowledgements}). Concurrent requests share one connection, so
 * their XADDs are pipelined together.
 */
final class RedisEventQueue implements EventQueue, AutoCloseable {

    private final RedisStreams streams;
    private volatile StatefulRedisConnection<String, byte[]> connection;
    private final BatchCodec codec;
    private final Duration timeout;
    private final RedisAcknowledgements acknowledgements;

    RedisEventQueue(RedisStreams streams, BatchCodec codec, Duration timeout, RedisAcknowledgements acknowledgements) {
        this.streams = streams;
        this.codec = codec;
        this.timeout = timeout;
        this.acknowledgements = acknowledgements;
    }

    /**
     * Connects on first use, so that the API starts (and answers 503) while Redis is away; once connected, the client
     * reconnects by itself.
     */
    private StatefulRedisConnection<String, byte[]> connection() {
        StatefulRedisConnection<String, byte[]> current = connection;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (connection == null) {
                StatefulRedisConnection<String, byte[]> opened = streams.connect();
                streams.ensureGroup(opened);
                connection = opened;
            }
            return connection;
        }
    }

    @Override
    public CompletableFuture<Void> publish(IngestBatch batch) {
        byte[] payload = codec.encode(batch);
        try {
            acknowledgements.checkBeforeWriting();
            RedisAsyncCommands<String, byte[]> redis = connection().async();
            return acknowledgements
                    .confirmed(redis, redis.xadd(streams.stream(), Map.of(RedisStreams.FIELD, payload)))
                    .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .handle((id, failure) -> {
                        if (failure != null) {
                            throw unavailable(failure);
                        }
                        return null;
                    });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(unavailable(e));
        }
    }

    private static QueueUnavailableException unavailable(Throwable failure) {
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        if (cause instanceof QueueUnavailableException known) {
            return known;
        }
        String reason = cause instanceof TimeoutException
                ? "the broker did not acknowledge the events in time"
                : "the broker is unavailable";
        return new QueueUnavailableException(reason, cause);
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
        }
    }
}
