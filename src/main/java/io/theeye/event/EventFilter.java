package io.theeye.event;

import java.time.Instant;
import java.util.UUID;

/**
 * Which events a read takes: every field optional (null), values matched exactly, {@code from} inclusive and
 * {@code to} exclusive on the event's timestamp. The API, the admin pages and the live tail all filter with it.
 *
 * @param clientId the client whose events they are; null for every client
 */
public record EventFilter(UUID clientId, String sessionId, String category, String name, Instant from, Instant to) {

    /** Every event of every client. */
    public static final EventFilter ALL = new EventFilter(null, null, null, null, null, null);

    /** The events of one session of one client. */
    public static EventFilter session(UUID clientId, String sessionId) {
        return new EventFilter(clientId, sessionId, null, null, null, null);
    }

    /** Whether the event passes: what a read of the stored events would return, for one event as it arrives. */
    public boolean matches(Event event) {
        return (clientId == null || clientId.equals(event.clientId()))
                && (sessionId == null || sessionId.equals(event.sessionId()))
                && (category == null || category.equals(event.category()))
                && (name == null || name.equals(event.name()))
                && (from == null || !event.timestamp().isBefore(from))
                && (to == null || event.timestamp().isBefore(to));
    }

    /** A text that differs whenever the filter does: cursors carry it so that they serve only their own query. */
    public String fingerprint() {
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
