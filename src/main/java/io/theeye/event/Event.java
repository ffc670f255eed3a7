package io.theeye.event;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An accepted event: as it is stored, and as every read gives it back.
 *
 * @param id the event's id: chosen by the client for idempotent retries, or a time-ordered UUID
 * @param clientId the client that sent it
 * @param sessionId the application's session
 * @param category the event's category
 * @param name the event's name
 * @param data the free-form data object, as serialised JSON text
 * @param timestamp when the event happened, to the microsecond
 * @param receivedAt when The Eye received it, to the microsecond
 * @param schemaVersion the version of its type's payload schema that it passed, or null when its type had none
 * @param originalTimestamp the timestamp as the client sent it when it was corrected for the client's clock skew
 *     ({@code sent_at}), else null
 */
public record Event(
        UUID id,
        UUID clientId,
        String sessionId,
        String category,
        String name,
        String data,
        Instant timestamp,
        Instant receivedAt,
        Integer schemaVersion,
        Instant originalTimestamp) {

    /**
     * Longest {@code session_id}, {@code category} or {@code name}, in characters (code points): what events may carry,
     * and so what a payload schema's type may be named.
     */
    public static final int MAX_TEXT_LENGTH = 128;

    /** An event whose type has no payload schema. */
    public Event(
            UUID id,
            UUID clientId,
            String sessionId,
            String category,
            String name,
            String data,
            Instant timestamp,
            Instant receivedAt) {
        this(id, clientId, sessionId, category, name, data, timestamp, receivedAt, null, null);
    }

    /** An event whose timestamp was not corrected. */
    public Event(
            UUID id,
            UUID clientId,
            String sessionId,
            String category,
            String name,
            String data,
            Instant timestamp,
            Instant receivedAt,
            Integer schemaVersion) {
        this(id, clientId, sessionId, category, name, data, timestamp, receivedAt, schemaVersion, null);
    }

    public Event {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    /** This event as having passed that version of its type's schema (null: none). */
    public Event withSchemaVersion(Integer version) {
        return new Event(
                id, clientId, sessionId, category, name, data, timestamp, receivedAt, version, originalTimestamp);
    }

    /** This event under another id. */
    public Event withId(UUID newId) {
        return new Event(
                newId,
                clientId,
                sessionId,
                category,
                name,
                data,
                timestamp,
                receivedAt,
                schemaVersion,
                originalTimestamp);
    }
}
