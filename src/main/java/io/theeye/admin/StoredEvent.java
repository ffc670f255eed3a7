package io.theeye.admin;

import java.time.Instant;
import java.util.UUID;

/** An event as the admin pages show it, with the client it came from. */
record StoredEvent(
        UUID clientId,
        UUID id,
        String sessionId,
        String category,
        String name,
        String data,
        Instant timestamp,
        Instant receivedAt,
        Instant originalTimestamp) {

    ExplorerQueries.Keyset keyset() {
        return new ExplorerQueries.Keyset(timestamp, id);
    }
}
