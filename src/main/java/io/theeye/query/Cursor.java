package io.theeye.query;

import io.theeye.event.EpochMicros;
import io.theeye.event.Event;
import io.theeye.store.EventKeyset;
import io.theeye.store.RejectedEventReads;
import io.theeye.store.StoredRejection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Where a page ends: the (timestamp, id) of its last row. Sent to clients as an opaque token that also carries a
 * digest of the query it belongs to, so a cursor is refused for any other query.
 */
record Cursor(Instant timestamp, String id) {

    static final String NOT_OURS = "is not a cursor from this API";
    static final String OTHER_QUERY = "belongs to a query with other parameters";
    private static final String VERSION = "c1";

    /** Where a page of events that ends with this one ends. */
    static Cursor of(Event event) {
        return new Cursor(event.timestamp(), event.id().toString());
    }

    /** Where a page of refused events that ends with this one ends. */
    static Cursor of(StoredRejection rejection) {
        return new Cursor(rejection.receivedAt(), Long.toString(rejection.id()));
    }

    EventKeyset eventKeyset() {
        return new EventKeyset(timestamp, UUID.fromString(id));
    }

    RejectedEventReads.Position rejectionPosition() {
        return new RejectedEventReads.Position(timestamp, Long.parseLong(id));
    }

    String encode(String query) {
        String text = String.join(":", VERSION, Long.toString(EpochMicros.of(timestamp)), id, digest(query));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when the token is no cursor of ours, or one of another query */
    static Cursor decode(String token, String query) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(NOT_OURS);
        }
        if (parts.length != 4 || !VERSION.equals(parts[0])) {
            throw new IllegalArgumentException(NOT_OURS);
        }
        long micros;
        try {
            micros = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(NOT_OURS);
        }
        if (!digest(query).equals(parts[3])) {
            throw new IllegalArgumentException(OTHER_QUERY);
        }
        return new Cursor(EpochMicros.toInstant(micros), parts[2]);
    }

    private static String digest(String query) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(query.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
