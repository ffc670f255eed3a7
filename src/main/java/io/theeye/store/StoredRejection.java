package io.theeye.store;

import java.time.Instant;
import java.util.UUID;

/**
 * A refused event as stored.
 *
 * @param id its row's id, which grows with each refusal stored
 * @param clientId the client that sent it, or null when none could be told
 * @param errors the reasons, as a JSON array of {@code {"field", "message"}}
 */
public record StoredRejection(long id, UUID clientId, Instant receivedAt, String raw, String errors) {}
