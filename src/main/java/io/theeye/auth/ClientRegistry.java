package io.theeye.auth;

import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import io.theeye.store.ClientChanges;
import io.theeye.store.ClientStore;
import io.theeye.store.ClientStore.Client;
import io.theeye.system.LifecyclePhases;
import io.theeye.system.PeriodicTask;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;

/**
 * The active clients, held in memory so that checking a known client's token never waits on the database; reloaded
 * on a fixed delay so that clients revoked by another process are refused within that delay. A client missing from
 * memory, such as one created since the last reload, is looked up at once (within the limits of
 * {@link UnknownClientLookups}); a look-up never brings back a client a reload has seen revoked.
 */
final class ClientRegistry extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(ClientRegistry.class);

    private final ClientStore store;
    private final UnknownClientLookups<UUID, Known> lookups;
    /** The problems of malformed clients already logged, so that each is logged once rather than at every reload. */
    private final Set<Problem> reported = ConcurrentHashMap.newKeySet();

    /** Replaced whole by a reload, or with one client more by a look-up, under {@code this}. */
    private volatile Loaded loaded = new Loaded(Map.of(), Set.of());
    /** How many clients look-ups have added, under {@code this}: tells a reload which ones it may not have read. */
    private long found;

    ClientRegistry(ClientStore store, AuthProperties properties) {
        this(store, properties, Ticker.systemTicker());
    }

    ClientRegistry(ClientStore store, AuthProperties properties, Ticker ticker) {
        super("client-refresh", properties.clientRefreshInterval(), LifecyclePhases.CACHES);
        this.store = store;
        this.lookups = new UnknownClientLookups<>(
                this::lookUp, properties.unknownClientLookupInterval(), properties.clientRefreshInterval(), ticker);
    }

    /** The verifier holding the secret of the active client with this id, looked up if it is not in memory. */
    Optional<JWSVerifier> verifierFor(UUID clientId) {
        return known(clientId).map(Known::verifier);
    }

    /**
     * The verifiers a token of the active client with this id may be signed with at that instant: its secret's and,
     * in the grace period after a rotation, its previous secret's. Looked up if it is not in memory; empty for an
     * unknown or revoked client.
     */
    List<JWSVerifier> verifiersFor(UUID clientId, Instant now) {
        return known(clientId).map(known -> known.verifiers(now)).orElse(List.of());
    }

    /**
     * Whether a token that this verifier verified earlier is still accepted at that instant: its client is in
     * memory (active when last read) and the secret is still the client's, or its previous one within the grace
     * period. Verifiers are kept across reloads while their secret is unchanged, so comparing them compares
     * secrets. Never looks the client up.
     */
    boolean accepts(UUID clientId, JWSVerifier verifier, Instant now) {
        Known known = loaded.clients().get(clientId);
        // On every request with a remembered token: no allocation.
        return known != null
                && (known.verifier() == verifier
                        || (known.previousVerifier() == verifier && known.acceptsPrevious(now)));
    }

    private Optional<Known> known(UUID clientId) {
        Loaded now = loaded;
        Known known = now.clients().get(clientId);
        if (known != null) {
            return Optional.of(known);
        }
        if (now.revoked().contains(clientId)) {
            return Optional.empty();
        }
        return lookups.find(clientId);
    }

    /** A change made by this process is seen at once, not at the next reload. */
    @EventListener
    void clientsChanged(ClientChanges.ClientsChanged change) {
        refresh();
    }

    /** Whether the client with this id is in memory, that is active when last read; never looks it up. */
    boolean knows(UUID clientId) {
        return loaded.clients().containsKey(clientId);
    }

    /** Whether the active client with this id may read every client's events. */
    boolean readsAll(UUID clientId) {
        Known known = loaded.clients().get(clientId);
        return known != null && known.readAll();
    }

    /** The active client's own rate limit, or null when the default applies (or it is not in memory). */
    ClientRateLimits.Limit rateLimit(UUID clientId) {
        Known known = loaded.clients().get(clientId);
        return known == null ? null : known.rateLimit();
    }

    /** Whether the active client with this id may manage payload schemas. */
    boolean isAdmin(UUID clientId) {
        Known known = loaded.clients().get(clientId);
        return known != null && known.admin();
    }

    /** Reloads the clients, once a reload in progress has finished. */
    void refresh() {
        runNow();
    }

    @Override
    protected void runOnce() {
        long foundBefore;
        synchronized (this) {
            foundBefore = found;
        }
        List<Client> rows;
        try {
            rows = store.findAll();
        } catch (RuntimeException e) {
            // Keep serving with the clients last known rather than refusing everyone while the database is away.
            log.warn(
                    "Could not reload clients; keeping the {} last loaded",
                    loaded.clients().size(),
                    e);
            return;
        }
        Map<String, JWSVerifier> kept = verifiersBySecret(loaded.clients().values());
        Map<UUID, Known> clients = new HashMap<>();
        Set<UUID> revoked = new HashSet<>();
        Set<UUID> read = new HashSet<>();
        Set<UUID> malformed = new HashSet<>();
        for (Client client : rows) {
            read.add(client.clientId());
            if (!client.active()) {
                revoked.add(client.clientId());
                continue;
            }
            verifier(client, kept)
                    .ifPresentOrElse(
                            verifier -> clients.put(client.clientId(), known(client, verifier, kept, 0)),
                            () -> malformed.add(client.clientId()));
        }
        synchronized (this) {
            // A client a look-up found while the rows were read may have been created after they were.
            loaded.clients().forEach((clientId, known) -> {
                if (known.found() > foundBefore && !read.contains(clientId)) {
                    clients.putIfAbsent(clientId, known);
                }
            });
            loaded = new Loaded(Map.copyOf(clients), Set.copyOf(revoked));
        }
        lookups.forgetAbsent();
        // A problem fixed, then back, is logged again.
        reported.removeIf(problem -> !malformed.contains(problem.clientId()));
    }

    /** Reads one client missing from memory and adds it if it is usable; empty if it is not. */
    private Optional<Known> lookUp(UUID clientId) {
        Optional<Client> client = store.findById(clientId).filter(Client::active);
        return client.flatMap(c -> verifier(c, Map.of())).flatMap(verifier -> add(client.get(), verifier));
    }

    private synchronized Optional<Known> add(Client client, JWSVerifier verifier) {
        Loaded now = loaded;
        if (now.revoked().contains(client.clientId())) {
            // Read before a reload saw it revoked.
            return Optional.empty();
        }
        Known known = now.clients().get(client.clientId());
        if (known == null) {
            known = known(client, verifier, Map.of(), ++found);
            Map<UUID, Known> clients = new HashMap<>(now.clients());
            clients.put(client.clientId(), known);
            loaded = new Loaded(Map.copyOf(clients), now.revoked());
        }
        return Optional.of(known);
    }

    /**
     * The verifier of a client's secret, the one kept if the secret is unchanged; empty, logged once, for a client
     * whose secret cannot make one.
     */
    private Optional<JWSVerifier> verifier(Client client, Map<String, JWSVerifier> kept) {
        try {
            return Optional.of(verifier(client.secretKey(), kept));
        } catch (JOSEException | RuntimeException e) {
            if (reported.add(new Problem(client.clientId(), String.valueOf(e.getMessage())))) {
                log.warn(
                        "Client {} ({}) is skipped: its secret cannot verify HS256 tokens: {}",
                        client.clientId(),
                        client.name(),
                        e.getMessage());
            }
            return Optional.empty();
        }
    }

    private static JWSVerifier verifier(String secret, Map<String, JWSVerifier> kept) throws JOSEException {
        JWSVerifier verifier = kept.get(secret);
        return verifier != null ? verifier : new MACVerifier(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** The client in memory, with its previous secret's verifier while a rotation's grace period may last. */
    private static Known known(Client client, JWSVerifier verifier, Map<String, JWSVerifier> kept, long found) {
        JWSVerifier previous = null;
        if (client.previousSecretKey() != null && client.previousSecretExpiresAt() != null) {
            try {
                previous = verifier(client.previousSecretKey(), kept);
            } catch (JOSEException | RuntimeException e) {
                // A previous secret that cannot verify anything accepts nothing.
            }
        }
        return new Known(
                client.secretKey(),
                verifier,
                previous == null ? null : client.previousSecretKey(),
                previous,
                client.previousSecretExpiresAt(),
                client.readAll(),
                client.admin(),
                client.rateLimit() == null
                        ? null
                        : new ClientRateLimits.Limit(
                                client.rateLimit().eventsPerSecond(),
                                client.rateLimit().burst()),
                found);
    }

    private static Map<String, JWSVerifier> verifiersBySecret(Collection<Known> clients) {
        Map<String, JWSVerifier> verifiers = new HashMap<>();
        for (Known client : clients) {
            verifiers.put(client.secret(), client.verifier());
            if (client.previousSecret() != null) {
                verifiers.put(client.previousSecret(), client.previousVerifier());
            }
        }
        return verifiers;
    }

    /**
     * An active client as memory holds it.
     *
     * @param previousSecret the secret its last rotation replaced, or null
     * @param previousExpiresAt until when {@code previousSecret} is accepted
     * @param rateLimit its own rate limit, or null when the default applies
     * @param found 0 for a client a reload read, otherwise the how-manyth client look-ups added
     */
    private record Known(
            String secret,
            JWSVerifier verifier,
            String previousSecret,
            JWSVerifier previousVerifier,
            Instant previousExpiresAt,
            boolean readAll,
            boolean admin,
            ClientRateLimits.Limit rateLimit,
            long found) {

        List<JWSVerifier> verifiers(Instant now) {
            return acceptsPrevious(now) ? List.of(verifier, previousVerifier) : List.of(verifier);
        }

        boolean acceptsPrevious(Instant now) {
            return previousVerifier != null && now.isBefore(previousExpiresAt);
        }
    }

    /** The active clients, and the ids of the revoked ones, which a look-up must not bring back. */
    private record Loaded(Map<UUID, Known> clients, Set<UUID> revoked) {}

    private record Problem(UUID clientId, String description) {}
}
