package io.theeye.export;

import io.theeye.event.Event;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A stored event as an exported file holds it: one row, one column per component ({@link EventSchema}).
 *
 * @param data the event's data object as JSON text
 * @param schemaVersion the version of its type's payload schema that it passed, or null when its type had none
 */
public record ExportedEvent(
        UUID id,
        UUID clientId,
        String sessionId,
        String category,
        String name,
        Instant timestamp,
        Instant receivedAt,
        String data,
        Integer schemaVersion) {

    public ExportedEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(data, "data");
    }

    public static ExportedEvent of(Event event) {
        return new ExportedEvent(
                event.id(),
                event.clientId(),
                event.sessionId(),
                event.category(),
                event.name(),
                event.timestamp(),
                event.receivedAt(),
                event.data(),
                event.schemaVersion());
    }
}
