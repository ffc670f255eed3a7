package io.theeye.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A refused event, kept with its reasons so that nothing a client sent is silently lost.
 *
 * @param id the refusal's own id: storing the same refusal twice (a broker delivering it again) keeps it once
 * @param clientId the client that sent it, or null when no client can be told (an unreadable batch from a broker)
 * @param receivedAt when it was received
 * @param raw the raw event as sent, truncated to a bound; a NUL character or unpaired surrogate in it is kept as
 *     U+FFFD, so that the record of a refusal can always be stored
 * @param errors why it was refused, bounded in number and bytes whatever the event held (see {@link FieldErrors})
 */
public record RejectedEvent(UUID id, UUID clientId, Instant receivedAt, String raw, List<FieldError> errors) {

    public RejectedEvent {
        Objects.requireNonNull(id, "id");
        raw = StorableText.of(raw);
        errors = FieldErrors.bounded(errors);
    }

    /** A refusal with a new random id. */
    public RejectedEvent(UUID clientId, Instant receivedAt, String raw, List<FieldError> errors) {
        this(UUID.randomUUID(), clientId, receivedAt, raw, errors);
    }
}
