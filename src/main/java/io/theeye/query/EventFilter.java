package io.theeye.query;

import java.time.Instant;
import java.util.UUID;

/**
 * Which events a query reads.
 *
 * @param clientId the client whose events they are; null for every client (only for clients that read all)
 * @param from inclusive lower bound on the timestamp, or null
 * @param to exclusive upper bound on the timestamp, or null
 */
record EventFilter(UUID clientId, String sessionId, String category, String name, Instant from, Instant to) {

    /** A text that differs whenever the filter does: cursors carry it so that they serve only their own query. */
    String fingerprint() {
        return String.join(
                "\u001f",
                String.valueOf(clientId),
                String.valueOf(sessionId),
                String.valueOf(category),
                String.valueOf(name),
                String.valueOf(from),
                String.valueOf(to));
    }
}
