package io.theeye.store;

import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A client store in memory that counts its reads, and lets a test act between a read and its answer (as another
 * process would), or put rows the real store would never write.
 */
public final class InMemoryClientStore extends ClientStore {

    private final Clock clock;
    private final Map<UUID, Client> rows = new ConcurrentHashMap<>();
    private final AtomicInteger findAllCalls = new AtomicInteger();
    private final AtomicInteger findByIdCalls = new AtomicInteger();
    private final AtomicReference<Runnable> onNextRead = new AtomicReference<>(() -> {});
    private volatile boolean unavailable;

    public InMemoryClientStore(Clock clock) {
        super(null, null, clock);
        this.clock = clock;
    }

    @Override
    public Client create(String name, boolean readAll) {
        return create(name, readAll, false);
    }

    @Override
    public Client create(String name, boolean readAll, boolean admin) {
        byte[] secret = new byte[32];
        ThreadLocalRandom.current().nextBytes(secret);
        return put(new Client(
                UUID.randomUUID(),
                name,
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret),
                readAll,
                clock.instant(),
                null,
                null,
                null,
                null,
                admin));
    }

    /** Stores the row as it is, whatever it holds. */
    public Client put(Client client) {
        rows.put(client.clientId(), client);
        return client;
    }

    @Override
    public List<Client> findAll() {
        findAllCalls.incrementAndGet();
        failIfUnavailable();
        List<Client> read = List.copyOf(rows.values());
        answer();
        return read;
    }

    @Override
    public Optional<Client> findById(UUID clientId) {
        findByIdCalls.incrementAndGet();
        failIfUnavailable();
        Optional<Client> read = Optional.ofNullable(rows.get(clientId));
        answer();
        return read;
    }

    @Override
    public boolean revoke(UUID clientId) {
        Client client = rows.get(clientId);
        if (client == null || !client.active()) {
            return false;
        }
        rows.put(
                clientId,
                new Client(
                        clientId,
                        client.name(),
                        client.secretKey(),
                        client.readAll(),
                        client.createdAt(),
                        clock.instant()));
        return true;
    }

    /** Runs the action once, on the next read, after the rows are read and before they are returned. */
    public void onNextRead(Runnable action) {
        onNextRead.set(action);
    }

    /** Makes every read fail, as when the database is away, or succeed again. */
    public void unavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }

    public int findAllCalls() {
        return findAllCalls.get();
    }

    public int findByIdCalls() {
        return findByIdCalls.get();
    }

    private void failIfUnavailable() {
        if (unavailable) {
            throw new IllegalStateException("the database is away");
        }
    }

    private void answer() {
        onNextRead.getAndSet(() -> {}).run();
    }
}
