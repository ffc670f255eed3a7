package io.theeye.event;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A refused event, kept with its reasons so that nothing a client sent is silently lost.
 *
 * @param clientId the client that sent it
 * @param receivedAt when it was received
 * @param raw the raw event as sent, truncated to a bound
 * @param errors why it was refused
 */
public record RejectedEvent(UUID clientId, Instant receivedAt, String raw, List<FieldError> errors) {

    public RejectedEvent {
        errors = List.copyOf(errors);
    }
}
