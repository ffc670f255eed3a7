package io.theeye.event;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A refused event, kept with its reasons so that nothing a client sent is silently lost.
 *
 * @param clientId the client that sent it
 * @param receivedAt when it was received
 * @param raw the raw event as sent, truncated to a bound; a NUL character or unpaired surrogate in it is kept as
 *     U+FFFD, so that the record of a refusal can always be stored
 * @param errors why it was refused
 */
public record RejectedEvent(UUID clientId, Instant receivedAt, String raw, List<FieldError> errors) {

    public RejectedEvent {
        raw = StorableText.of(raw);
        errors = List.copyOf(errors);
    }
}
