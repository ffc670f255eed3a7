package io.theeye.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Reading and comparing a bearer token (RFC 6750), for the endpoints that take a fixed one (the metrics). */
public final class BearerTokens {

    private static final String BEARER = "Bearer ";

    private BearerTokens() {}

    /** The token an {@code Authorization} header of the Bearer scheme (in any case) carries, or null for none. */
    public static String of(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return authorization.substring(BEARER.length()).strip();
    }

    /**
     * Whether the token given is the one expected. Digests of equal length compared in constant time: neither the
     * token's length nor how much of it a guess got right shows in the time taken.
     */
    public static boolean same(String expected, String given) {
        return MessageDigest.isEqual(sha256(expected), sha256(given));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
