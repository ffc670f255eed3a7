package io.theeye.store;

import java.time.Instant;
import java.util.UUID;

/**
 * An event as read back from the store.
 *
 * @param originalTimestamp the timestamp as sent when it was corrected for the sender's clock, else null
 */
public record StoredEvent(
        UUID clientId,
        UUID id,
        String sessionId,
        String category,
        String name,
        String data,
        Instant timestamp,
        Instant receivedAt,
        Instant originalTimestamp) {

    /** Where a page that ends with this event ends. */
    public EventKeyset keyset() {
        return new EventKeyset(timestamp, id);
    }
}
