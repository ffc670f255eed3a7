package io.theeye.store;

import java.time.Instant;
import java.util.UUID;

/**
 * Which refused events a read takes: every field optional (null), {@code from} inclusive and {@code to} exclusive on
 * the time they were received.
 *
 * @param clientId the client that sent them; null for every client's, those of no client included
 */
public record RejectedFilter(UUID clientId, Instant from, Instant to) {

    public static RejectedFilter of(UUID clientId) {
        return new RejectedFilter(clientId, null, null);
    }
}
