package io.theeye.query;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Where a page ends: the (timestamp, id) of its last row. Sent to clients as an opaque token that also carries a
 * digest of the query it belongs to, so a cursor is refused for any other query.
 */
record Cursor(Instant timestamp, String id) {

    static final String NOT_OURS = "is not a cursor from this API";
    static final String OTHER_QUERY = "belongs to a query with other parameters";
    private static final String VERSION = "c1";

    String encode(String query) {
        String text = String.join(":", VERSION, Long.toString(micros(timestamp)), id, digest(query));
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
        return new Cursor(
                Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L),
                parts[2]);
    }

    private static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000L);
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
