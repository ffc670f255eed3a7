package io.theeye.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import io.theeye.store.ClientStore;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The active clients, held in memory so that checking a token never waits on the database; reloaded on a fixed
 * delay so that clients created or revoked by another process take effect within that delay.
 */
final class ClientRegistry implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ClientRegistry.class);

    private final ClientStore store;
    private final AuthProperties properties;
    private volatile Map<UUID, Known> clients = Map.of();
    private ScheduledExecutorService refresher;

    ClientRegistry(ClientStore store, AuthProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    /** The verifier holding the secret of the active client with this id, if there is one. */
    Optional<JWSVerifier> verifierFor(UUID clientId) {
        return Optional.ofNullable(clients.get(clientId)).map(Known::verifier);
    }

    /** Whether the active client with this id may read every client's events. */
    boolean readsAll(UUID clientId) {
        Known known = clients.get(clientId);
        return known != null && known.readAll();
    }

    void refresh() {
        try {
            clients = store.findAll().stream()
                    .filter(ClientStore.Client::active)
                    .collect(Collectors.toUnmodifiableMap(ClientStore.Client::clientId, known()));
        } catch (RuntimeException e) {
            // Keep serving with the clients last known rather than refusing everyone while the database is away.
            log.warn("Could not reload clients; keeping the {} last loaded", clients.size(), e);
        }
    }

    private static Function<ClientStore.Client, Known> known() {
        return client -> {
            try {
                return new Known(
                        new MACVerifier(client.secretKey().getBytes(StandardCharsets.UTF_8)), client.readAll());
            } catch (JOSEException e) {
                throw new IllegalStateException("Client " + client.clientId() + " has a secret too short for HS256", e);
            }
        };
    }

    @Override
    public void start() {
        refresh();
        long delay = properties.clientRefreshInterval().toMillis();
        refresher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("client-refresh").daemon().factory());
        refresher.scheduleWithFixedDelay(this::refresh, delay, delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        refresher.shutdownNow();
        refresher = null;
    }

    /** Loads the clients before the web server opens, so that no request finds the cache empty. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    @Override
    public boolean isRunning() {
        return refresher != null;
    }

    private record Known(JWSVerifier verifier, boolean readAll) {}
}
