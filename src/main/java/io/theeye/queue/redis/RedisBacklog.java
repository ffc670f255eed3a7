package io.theeye.queue.redis;

import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.PendingMessages;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.theeye.queue.QueueBacklog;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stream's backlog, as an API process reads it: entries pending (taken by a worker, not acknowledged) and entries
 * no worker has read yet (the group's {@code lag}), the oldest of either by its id (Redis's clock when it was added),
 * and the stream's length; also shown as {@code theeye.queue.redis.pending} and
 * {@code theeye.queue.redis.stream.length}. Four commands a reading, on a connection of its own.
 */
final class RedisBacklog implements QueueBacklog.Probe, AutoCloseable {

    private final RedisStreams streams;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong length = new AtomicLong();
    private volatile StatefulRedisConnection<String, byte[]> connection;

    RedisBacklog(RedisStreams streams, MeterRegistry meters) {
        this.streams = streams;
        Gauge.builder("theeye.queue.redis.pending", pending, AtomicLong::get)
                .description("Stream entries handed to a worker and not acknowledged yet")
                .register(meters);
        Gauge.builder("theeye.queue.redis.stream.length", length, AtomicLong::get)
                .description("Entries in the stream: pending, unread, and acknowledged ones not trimmed yet")
                .register(meters);
    }

    @Override
    public QueueBacklog.Reading read() {
        RedisCommands<String, byte[]> redis = connection().sync();
        long entries = redis.xlen(streams.stream());
        length.set(entries);
        if (entries == 0) {
            pending.set(0);
            return new QueueBacklog.Reading(0, null);
        }
        Map<String, Object> group = streams.groupInfo(redis);
        if (group == null) {
            // No API process has published and no worker has read yet: every entry waits.
            pending.set(0);
            return new QueueBacklog.Reading(entries, oldestAfter(redis, "0-0"));
        }
        PendingMessages taken = redis.xpending(streams.stream(), streams.group());
        pending.set(taken.getCount());
        String lastDelivered = RedisStreams.text(group.get("last-delivered-id"));
        Object lag = group.get("lag");
        // The lag is unknown (nil) only after entries were deleted from the middle of the stream (XDEL, which The Eye
        // never sends): then every entry but the pending ones counts, the acknowledged ones not trimmed yet included.
        long unread = lag instanceof Number known ? known.longValue() : Math.max(0, entries - taken.getCount());
        Instant oldest = unread == 0 ? null : oldestAfter(redis, lastDelivered);
        if (taken.getCount() > 0 && taken.getMessageIds().getLower().getValue() != null) {
            Instant oldestTaken = instant(taken.getMessageIds().getLower().getValue());
            oldest = oldest == null || oldestTaken.isBefore(oldest) ? oldestTaken : oldest;
        }
        return new QueueBacklog.Reading(taken.getCount() + unread, oldest);
    }

    /** When the first entry after this id was added, or null when there is none. */
    private Instant oldestAfter(RedisCommands<String, byte[]> redis, String id) {
        List<StreamMessage<String, byte[]>> next =
                redis.xread(XReadArgs.Builder.count(1), XReadArgs.StreamOffset.from(streams.stream(), id));
        return next.isEmpty() ? null : instant(next.getFirst().getId());
    }

    /** An entry id is {@code millis-sequence}, the millis Redis's clock when the entry was added. */
    private static Instant instant(String id) {
        return Instant.ofEpochMilli(Long.parseLong(id.substring(0, id.indexOf('-'))));
    }

    /** Connects on first use; once connected, the client reconnects by itself. */
    private StatefulRedisConnection<String, byte[]> connection() {
        StatefulRedisConnection<String, byte[]> current = connection;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (connection == null) {
                connection = streams.connect();
            }
            return connection;
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
        }
    }
}
