package io.theeye.queue.redis;

import io.lettuce.core.Consumer;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XTrimArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.models.stream.PendingMessages;
import io.theeye.queue.BatchCodec;
import io.theeye.queue.Delivery;
import io.theeye.queue.EventConsumer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One worker's reader of the stream, through the consumer group. An entry is acknowledged (XACK) only after its
 * batch is committed; one that failed stays pending and is read again; entries left pending by a worker that died
 * are claimed (XAUTOCLAIM) once idle for {@code claimIdle}. Acknowledged entries are trimmed from the stream, pending
 * and unread ones never. A poll hands out at most the events the worker asked for (a single larger entry alone): the
 * entries read beyond them are held, pending for this consumer, for the next polls.
 */
final class RedisEventConsumer implements EventConsumer {

    private static final Duration MAINTENANCE = Duration.ofSeconds(1);

    private final RedisStreams streams;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final RedisCommands<String, byte[]> redis;
    private final Consumer<String> me;
    private final BatchCodec codec;
    private final Clock clock;
    private final RedisQueueMetrics metrics;
    /** Failed tries of the entries this consumer holds; forgotten once acknowledged. */
    private final Map<String, Integer> attempts = new HashMap<>();
    /** Entries read and not handed out yet, in stream order. */
    private final Deque<Delivery> held = new ArrayDeque<>();

    /** After a failure, this consumer's own pending entries are read again before new ones. */
    private boolean readOwnPending = true;

    private Instant nextMaintenance = Instant.MIN;
    private Instant nextClaim = Instant.MIN;
    /** Where the scan of the group's pending entries for dead workers' goes on from ("0-0": the start). */
    private String claimFrom = "0-0";

    RedisEventConsumer(RedisStreams streams, String name, BatchCodec codec, Clock clock, RedisQueueMetrics metrics) {
        this.streams = streams;
        this.codec = codec;
        this.clock = clock;
        this.metrics = metrics;
        this.connection = streams.connect();
        this.redis = connection.sync();
        this.me = Consumer.from(streams.group(), name);
        streams.ensureGroup(connection);
    }

    @Override
    public List<Delivery> poll(int maxEvents, Duration timeout) {
        maintain();
        if (held.isEmpty()) {
            // Every entry holds an event at least (or a rejected one): no need to read more entries than events.
            held.addAll(read(Math.min(streams.settings().batchEntries(), maxEvents), timeout));
        }
        return take(maxEvents);
    }

    /** The held entries from the first, up to {@code maxEvents} events; the first alone when it holds more. */
    private List<Delivery> take(int maxEvents) {
        List<Delivery> group = new ArrayList<>();
        int events = 0;
        while (!held.isEmpty()
                && (group.isEmpty() || events + held.peekFirst().batch().size() <= maxEvents)) {
            Delivery next = held.removeFirst();
            group.add(next);
            events += next.batch().size();
        }
        return group;
    }

    private List<Delivery> read(int count, Duration timeout) {
        if (readOwnPending) {
            List<StreamMessage<String, byte[]>> own = redis.xreadgroup(
                    me, XReadArgs.Builder.count(count), XReadArgs.StreamOffset.from(streams.stream(), "0"));
            if (!own.isEmpty()) {
                return deliveries(own);
            }
            readOwnPending = false;
        }
        List<StreamMessage<String, byte[]>> claimed = claimFromTheDead(count);
        if (!claimed.isEmpty()) {
            return deliveries(claimed);
        }
        return deliveries(redis.xreadgroup(
                me,
                XReadArgs.Builder.count(count).block(timeout),
                XReadArgs.StreamOffset.lastConsumed(streams.stream())));
    }

    /** Entries another worker took and has not acknowledged for {@code claimIdle}: that worker is presumed dead. */
    private List<StreamMessage<String, byte[]>> claimFromTheDead(int count) {
        if (!clock.instant().isAfter(nextClaim)) {
            return List.of();
        }
        ClaimedMessages<String, byte[]> claimed = redis.xautoclaim(
                streams.stream(),
                XAutoClaimArgs.Builder.xautoclaim(me, streams.settings().claimIdle(), claimFrom)
                        .count(count));
        claimFrom = claimed.getId();
        if ("0-0".equals(claimFrom)) {
            // The scan went round: look again after a while.
            nextClaim = clock.instant().plus(streams.settings().claimIdle().dividedBy(2));
        }
        if (!claimed.getMessages().isEmpty()) {
            metrics.redelivered(claimed.getMessages().size());
        }
        return claimed.getMessages();
    }

    private List<Delivery> deliveries(List<StreamMessage<String, byte[]>> messages) {
        Instant now = clock.instant();
        List<Delivery> deliveries = new ArrayList<>(messages.size());
        for (StreamMessage<String, byte[]> message : messages) {
            byte[] payload = message.getBody().get(RedisStreams.FIELD);
            String receipt = streams.stream() + "/" + message.getId();
            deliveries.add(new Delivery(
                    payload == null ? codec.decode(new byte[0], receipt, now) : codec.decode(payload, receipt, now),
                    attempts.getOrDefault(message.getId(), 0),
                    message.getId()));
        }
        return deliveries;
    }

    /** The entries read and not handed out yet; the stream keeps the rest for the next worker. */
    @Override
    public List<Delivery> drain(int maxEvents) {
        return take(maxEvents);
    }

    @Override
    public void settle(List<Delivery> stored, List<Delivery> failed, Throwable cause) {
        if (!stored.isEmpty()) {
            String[] ids = stored.stream().map(d -> (String) d.receipt()).toArray(String[]::new);
            redis.xack(streams.stream(), streams.group(), ids);
            for (String id : ids) {
                attempts.remove(id);
            }
        }
        if (!failed.isEmpty()) {
            failed.forEach(d -> attempts.merge((String) d.receipt(), 1, Integer::sum));
            metrics.redelivered(failed.size());
            // Reading this consumer's pending entries again reads the held ones too.
            held.clear();
            readOwnPending = true;
        }
    }

    @Override
    public boolean redelivers() {
        return true;
    }

    /**
     * Trims acknowledged entries, once a second. Everything before the oldest pending entry, and before the group's
     * last delivered one, has been acknowledged: trimming below the smaller of the two removes nothing that is pending
     * or unread. (API processes read the backlog's figures: {@link RedisBacklog}.)
     */
    private void maintain() {
        Instant now = clock.instant();
        if (now.isBefore(nextMaintenance)) {
            return;
        }
        nextMaintenance = now.plus(MAINTENANCE);
        PendingMessages pending = redis.xpending(streams.stream(), streams.group());
        String lastDelivered = lastDeliveredId();
        String trimBelow = lastDelivered;
        if (pending.getCount() > 0) {
            Range.Boundary<String> lowest = pending.getMessageIds().getLower();
            if (lowest.getValue() != null && compare(lowest.getValue(), lastDelivered) < 0) {
                trimBelow = lowest.getValue();
            }
        }
        if (trimBelow != null && !trimBelow.equals("0-0")) {
            // Exact: removes just the acknowledged entries below the bound, each once.
            redis.xtrim(streams.stream(), XTrimArgs.Builder.minId(trimBelow));
        }
    }

    private String lastDeliveredId() {
        Map<String, Object> group = streams.groupInfo(redis);
        return group == null ? null : RedisStreams.text(group.get("last-delivered-id"));
    }

    /** Orders stream ids, {@code millis-sequence}. */
    static int compare(String a, String b) {
        String[] x = a.split("-");
        String[] y = b.split("-");
        int byTime = Long.compare(Long.parseLong(x[0]), Long.parseLong(y[0]));
        return byTime != 0 ? byTime : Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
    }

    @Override
    public void close() {
        connection.close();
    }
}
