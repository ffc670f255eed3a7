package io.theeye.queue.redis;

import io.lettuce.core.api.async.RedisAsyncCommands;
import io.theeye.queue.BrokerDurability;
import io.theeye.queue.QueueUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * When Redis's answer to an XADD may be taken as the events kept: at once; never while Redis is known not to write
 * them to disk first and a durable Redis is required ({@code THE_EYE_REDIS_REQUIRE_DURABLE}); and, with
 * {@code THE_EYE_REDIS_WAIT_REPLICAS=N}, only once {@code WAIT N} says that N replicas have them.
 *
 * <p>WAIT covers every earlier write of its connection and holds that connection until it returns, so one WAIT
 * serves every XADD sent before it: while one is out, the XADDs that follow wait for the next, sent as soon as it
 * returns. The XADDs of concurrent requests thus share WAITs as they share the connection.
 */
final class RedisAcknowledgements {

    private final int replicas;
    private final long waitMillis;
    private final BrokerDurability durability;
    private final boolean durabilityRequired;

    private final Object lock = new Object();
    /** Whether a WAIT is out. */
    private boolean waiting;
    /** Writes sent since the WAIT that is out: the next WAIT's. */
    private List<CompletableFuture<Void>> next = new ArrayList<>();

    /**
     * @param waitTimeout how long a WAIT may wait for the replicas; shorter than the publish timeout, so that a
     *     request learns that replicas were missing rather than that time ran out
     */
    RedisAcknowledgements(int replicas, Duration waitTimeout, BrokerDurability durability, boolean durabilityRequired) {
        this.replicas = replicas;
        this.waitMillis = Math.max(1, waitTimeout.toMillis());
        this.durability = durability;
        this.durabilityRequired = durabilityRequired;
    }

    /** Redis's answer is enough: no replicas waited for, no durability required. */
    static RedisAcknowledgements onReply() {
        return new RedisAcknowledgements(0, Duration.ofSeconds(1), null, false);
    }

    /** Throws when a durable Redis is required and the last reading of its settings said it is not one. */
    void checkBeforeWriting() {
        if (durabilityRequired && !durability.durable()) {
            // The settings are in the log; the client is told no more than why.
            throw new QueueUnavailableException(
                    "the broker does not write events to disk before it acknowledges them, and this server requires"
                            + " it to");
        }
    }

    /** Completes once the XADD that {@code written} answers may be answered 202. */
    CompletableFuture<Void> confirmed(RedisAsyncCommands<String, byte[]> redis, CompletionStage<?> written) {
        CompletableFuture<Void> added = written.toCompletableFuture().thenApply(id -> null);
        if (replicas == 0) {
            return added;
        }
        CompletableFuture<Void> replicated = new CompletableFuture<>();
        synchronized (lock) {
            next.add(replicated);
            if (!waiting) {
                sendWait(redis);
            }
        }
        return added.thenCombine(replicated, (a, b) -> null);
    }

    /** Sends a WAIT for the writes in {@link #next}; with the lock held. */
    private void sendWait(RedisAsyncCommands<String, byte[]> redis) {
        List<CompletableFuture<Void>> group = next;
        next = new ArrayList<>();
        waiting = true;
        try {
            redis.waitForReplication(replicas, waitMillis).whenComplete((count, failure) -> {
                if (failure != null) {
                    group.forEach(f -> f.completeExceptionally(failure));
                } else if (count < replicas) {
                    QueueUnavailableException missing = new QueueUnavailableException("only " + count + " of the "
                            + replicas + " broker replicas required confirmed the events within " + waitMillis + " ms");
                    group.forEach(f -> f.completeExceptionally(missing));
                } else {
                    group.forEach(f -> f.complete(null));
                }
                synchronized (lock) {
                    waiting = false;
                    if (!next.isEmpty()) {
                        sendWait(redis);
                    }
                }
            });
        } catch (RuntimeException e) {
            waiting = false;
            group.forEach(f -> f.completeExceptionally(e));
        }
    }
}
