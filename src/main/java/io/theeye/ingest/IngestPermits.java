package io.theeye.ingest;

import io.theeye.system.ApiError;
import io.theeye.system.ApiException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The bound on {@code POST /events} requests being read, checked or stored at once, and each client's share of it: a
 * client that holds its share (by uploading slowly, say) is refused on its own, while the others still get in.
 */
final class IngestPermits {

    private final int total;
    private final int perClient;
    private final Semaphore free;
    /** Permits held per client; a client holding none has no entry, so the map is as large as the clients sending. */
    private final Map<UUID, Integer> held = new ConcurrentHashMap<>();

    IngestPermits(int total, int perClient) {
        this.total = total;
        this.perClient = perClient;
        this.free = new Semaphore(total);
    }

    /** A permit for one request of this client, or 503 at once when its share or the whole bound is taken. */
    Permit acquire(UUID clientId) {
        takeShare(clientId);
        if (!free.tryAcquire()) {
            giveBack(clientId);
            throw unavailable("too many requests are being handled");
        }
        return new Permit(clientId);
    }

    /**
     * A permit within the whole bound for a request whose client is known only once its body is read (a write key in
     * the body); {@link Permit#claim} then takes the client's share, or refuses it.
     */
    Permit acquireUnclaimed() {
        if (!free.tryAcquire()) {
            throw unavailable("too many requests are being handled");
        }
        return new Permit(null);
    }

    private void takeShare(UUID clientId) {
        boolean[] admitted = {false};
        held.compute(clientId, (id, count) -> {
            int holding = count == null ? 0 : count;
            if (holding >= perClient) {
                return count;
            }
            admitted[0] = true;
            return holding + 1;
        });
        if (!admitted[0]) {
            throw unavailable("this client has " + perClient + " requests being handled already");
        }
    }

    /** Requests holding a permit now. */
    int inUse() {
        return total - free.availablePermits();
    }

    private void giveBack(UUID clientId) {
        held.computeIfPresent(clientId, (id, count) -> count == 1 ? null : count - 1);
    }

    static ApiException unavailable(String reason) {
        return new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE,
                new ApiError("unavailable", "The events were not stored: " + reason + ". Retry later.", List.of()),
                Map.of(HttpHeaders.RETRY_AFTER, "1"));
    }

    /** One request's permit: given back once, however many of its ending paths give it back. */
    final class Permit {

        private UUID clientId;
        private final AtomicBoolean returned = new AtomicBoolean();

        private Permit(UUID clientId) {
            this.clientId = clientId;
        }

        /** Counts an unclaimed permit in its client's share, or 503 when that share is taken. */
        synchronized void claim(UUID client) {
            if (clientId != null || returned.get()) {
                return;
            }
            takeShare(client);
            clientId = client;
        }

        synchronized void release() {
            if (returned.compareAndSet(false, true)) {
                free.release();
                UUID client = clientId;
                if (client != null) {
                    giveBack(client);
                }
            }
        }
    }
}
