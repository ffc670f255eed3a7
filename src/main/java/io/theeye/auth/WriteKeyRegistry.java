package io.theeye.auth;

import com.github.benmanes.caffeine.cache.Ticker;
import io.theeye.store.WriteKeyChanges;
import io.theeye.store.WriteKeyStore;
import io.theeye.store.WriteKeyStore.WriteKey;
import io.theeye.system.LifecyclePhases;
import io.theeye.system.PeriodicTask;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;

/**
 * The active write keys, by their SHA-256, held in memory and reloaded as often as the clients are, so that a key
 * revoked by another process is refused within {@code THE_EYE_AUTH_CLIENT_REFRESH_INTERVAL}. A key missing from memory,
 * such as one made since the last reload, is looked up at once, within the same bound as unknown clients: random keys
 * cannot flood the database.
 */
final class WriteKeyRegistry extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(WriteKeyRegistry.class);

    private final WriteKeyStore store;
    private final UnknownClientLookups<String, Key> lookups;

    /** Replaced whole by a reload, or with one key more by a look-up, under {@code this}. */
    private volatile Loaded loaded = new Loaded(Map.of(), Set.of());

    /** How many keys look-ups have added, under {@code this}: tells a reload which ones it may not have read. */
    private long found;

    WriteKeyRegistry(WriteKeyStore store, AuthProperties properties) {
        super("write-key-refresh", properties.clientRefreshInterval(), LifecyclePhases.CACHES);
        this.store = store;
        this.lookups = new UnknownClientLookups<>(
                this::lookUp,
                properties.unknownClientLookupInterval(),
                properties.clientRefreshInterval(),
                Ticker.systemTicker());
    }

    /** The active key that the text is, looked up if it is not in memory; empty for an unknown or revoked key. */
    Optional<Key> find(String key) {
        String hash = WriteKeyStore.hash(key);
        Loaded now = loaded;
        Key known = now.keys().get(hash);
        if (known != null) {
            return Optional.of(known);
        }
        if (now.revoked().contains(hash)) {
            return Optional.empty();
        }
        return lookups.find(hash);
    }

    /**
     * The active key with this {@code key_id} as memory holds it, or null; never looked up (a request's key is found
     * by {@link #find} first).
     */
    Key byId(String keyId) {
        return loaded.byId().get(keyId);
    }

    /** A change made by this process is seen at once, not at the next reload. */
    @EventListener
    void keysChanged(WriteKeyChanges.WriteKeysChanged change) {
        refresh();
    }

    /** Reloads the keys, once a reload in progress has finished. */
    void refresh() {
        runNow();
    }

    @Override
    protected void runOnce() {
        long foundBefore;
        synchronized (this) {
            foundBefore = found;
        }
        List<WriteKey> rows;
        try {
            rows = store.findAll();
        } catch (RuntimeException e) {
            // Keep serving with the keys last known rather than refusing every page while the database is away.
            log.warn(
                    "Could not reload write keys; keeping the {} last loaded",
                    loaded.keys().size(),
                    e);
            return;
        }
        Map<String, Key> keys = new HashMap<>();
        Set<String> revoked = new HashSet<>();
        for (WriteKey row : rows) {
            if (row.active()) {
                keys.put(row.keyHash(), key(row, 0));
            } else {
                revoked.add(row.keyHash());
            }
        }
        synchronized (this) {
            // A key a look-up found while the rows were read may have been made after they were.
            loaded.keys().forEach((hash, key) -> {
                if (key.found() > foundBefore && !revoked.contains(hash)) {
                    keys.putIfAbsent(hash, key);
                }
            });
            loaded = new Loaded(keys, Set.copyOf(revoked));
        }
        lookups.forgetAbsent();
    }

    private Optional<Key> lookUp(String hash) {
        return store.findByHash(hash).filter(WriteKey::active).flatMap(this::add);
    }

    private synchronized Optional<Key> add(WriteKey row) {
        Loaded now = loaded;
        if (now.revoked().contains(row.keyHash())) {
            // Read before a reload saw it revoked.
            return Optional.empty();
        }
        Key key = now.keys().get(row.keyHash());
        if (key == null) {
            key = key(row, ++found);
            Map<String, Key> keys = new HashMap<>(now.keys());
            keys.put(row.keyHash(), key);
            loaded = new Loaded(keys, now.revoked());
        }
        return Optional.of(key);
    }

    private static Key key(WriteKey row, long found) {
        ClientRateLimits.Limit limit = row.rateLimit() == null
                ? null
                : new ClientRateLimits.Limit(
                        row.rateLimit().eventsPerSecond(), row.rateLimit().burst());
        return new Key(row.keyId(), row.clientId(), Set.copyOf(row.origins()), limit, found);
    }

    /**
     * An active write key as memory holds it.
     *
     * @param origins the origins a browser may send with it from; empty: any
     * @param rateLimit its own rate limit, held besides its client's, or null for none
     * @param found 0 for a key a reload read, otherwise the how-manyth key look-ups added
     */
    record Key(String keyId, UUID clientId, Set<String> origins, ClientRateLimits.Limit rateLimit, long found) {}

    /**
     * The active keys by their SHA-256 and by their {@code key_id}, and the hashes of the revoked ones, which a look-up
     * must not bring back.
     */
    private record Loaded(Map<String, Key> keys, Map<String, Key> byId, Set<String> revoked) {

        Loaded(Map<String, Key> keys, Set<String> revoked) {
            this(
                    Map.copyOf(keys),
                    keys.values().stream().collect(Collectors.toUnmodifiableMap(Key::keyId, key -> key)),
                    revoked);
        }
    }
}
