package io.theeye.auth;

import java.util.UUID;

/**
 * The rate limits clients were given of their own ({@code clients limit}, the admin UI), as the cache of clients
 * holds them: read on every request without touching the database, and changed within a reload of the cache.
 */
public final class ClientRateLimits {

    private final ClientRegistry clients;

    ClientRateLimits(ClientRegistry clients) {
        this.clients = clients;
    }

    /** The client's own limit, or null when the default applies to it. */
    public Limit of(UUID clientId) {
        return clients.rateLimit(clientId);
    }

    /**
     * A client's own limit.
     *
     * @param eventsPerSecond the rate its bucket refills at; 0: no limit for this client
     * @param burst the most events its bucket holds; 0: one second's worth
     */
    public record Limit(int eventsPerSecond, int burst) {}
}
