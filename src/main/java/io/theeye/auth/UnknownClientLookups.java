package io.theeye.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks up clients missing from the cache, so that a client created since the last refresh is usable at once, without
 * letting tokens that name random clients flood the database: at most one look-up starts per interval, whatever the
 * ids, and a request finding none free is refused without one; concurrent requests for the same id share a look-up.
 * An id found to be no usable client is not looked up again until {@link #forgetAbsent()} (after each refresh) or
 * for at most the refresh interval, so that a repeated unknown id does not take every look-up, and a client created
 * just after its id was looked up waits no longer than a refresh.
 *
 * @param <K> what a client, or a write key, is looked up by
 * @param <T> what a look-up finds
 */
final class UnknownClientLookups<K, T> {

    private static final Logger log = LoggerFactory.getLogger(UnknownClientLookups.class);

    /** Bounds the memory random ids take when refreshes fail and nothing forgets them. */
    private static final int MOST_ABSENT_REMEMBERED = 10_000;

    private final Function<K, Optional<T>> lookUp;
    private final Ticker ticker;
    private final long intervalNanos;
    private final AtomicLong nextLookUpAt;
    private final ConcurrentMap<K, CompletableFuture<Optional<T>>> running = new ConcurrentHashMap<>();
    private final Cache<K, Boolean> absent;

    /**
     * @param lookUp finds what a usable client's id stands for, empty if it stands for none; throws when it cannot
     *     tell (the database is away), which is not remembered
     * @param interval least time between the starts of two look-ups
     * @param rememberAbsent longest time an id found to stand for no usable client is not looked up again
     */
    UnknownClientLookups(Function<K, Optional<T>> lookUp, Duration interval, Duration rememberAbsent, Ticker ticker) {
        this.lookUp = lookUp;
        this.ticker = ticker;
        this.intervalNanos = interval.toNanos();
        this.nextLookUpAt = new AtomicLong(ticker.read());
        this.absent = Caffeine.newBuilder()
                .maximumSize(MOST_ABSENT_REMEMBERED)
                .expireAfterWrite(rememberAbsent)
                .ticker(ticker)
                .build();
    }

    /** What the id stands for, looked up if a look-up is free; empty when none is or the id stands for nothing. */
    Optional<T> find(K clientId) {
        if (absent.getIfPresent(clientId) != null) {
            return Optional.empty();
        }
        CompletableFuture<Optional<T>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<T>> theirs = running.putIfAbsent(clientId, mine);
        if (theirs != null) {
            return theirs.join();
        }
        Optional<T> found = Optional.empty();
        try {
            if (takeLookUp()) {
                found = lookUp.apply(clientId);
                if (found.isEmpty()) {
                    absent.put(clientId, Boolean.TRUE);
                }
            }
        } catch (RuntimeException e) {
            // Refused like an unknown client; the refresh warns about a database that is away.
            log.debug("Could not look up client {}", clientId, e);
        } finally {
            mine.complete(found);
            running.remove(clientId, mine);
        }
        return found;
    }

    /** Lets every id found to stand for nothing be looked up again, as a refresh has just read every client. */
    void forgetAbsent() {
        absent.invalidateAll();
    }

    private boolean takeLookUp() {
        long now = ticker.read();
        while (true) {
            long next = nextLookUpAt.get();
            if (now - next < 0) {
                return false;
            }
            if (nextLookUpAt.compareAndSet(next, now + intervalNanos)) {
                return true;
            }
        }
    }
}
