package io.theeye.auth;

import java.util.UUID;

/**
 * The rate limits clients and write keys were given of their own ({@code clients limit}, {@code keys limit}, the admin
 * UI), as the caches of clients and keys hold them: read on every request without touching the database, and changed
 * within a reload of the cache.
 */
public final class ClientRateLimits {

    private final ClientRegistry clients;
    private final WriteKeyRegistry keys;

    ClientRateLimits(ClientRegistry clients, WriteKeyRegistry keys) {
        this.clients = clients;
        this.keys = keys;
    }

    /** The client's own limit, or null when the default applies to it. */
    public Limit of(UUID clientId) {
        return clients.rateLimit(clientId);
    }

    /**
     * The write key's own limit ({@link AuthenticatedClient#keyId()}), held besides its client's, or null when only
     * its client's applies (or the key is no longer active).
     */
    public Limit ofKey(String keyId) {
        WriteKeyRegistry.Key key = keys.byId(keyId);
        return key == null ? null : key.rateLimit();
    }

    /**
     * A client's or a write key's own limit.
     *
     * @param eventsPerSecond the rate its bucket refills at; 0: no limit of its own
     * @param burst the most events its bucket holds; 0: one second's worth
     */
    public record Limit(int eventsPerSecond, int burst) {}
}
