package io.theeye.auth;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a client's token may do, from its optional {@code scope} claim (space-separated, as RFC 8693 writes it): without
 * one, all its client may; with {@code events:write}, only send events, so that a backend can hand a short-lived token
 * to a browser that must not read.
 */
public enum TokenScope {
    ALL,
    EVENTS_WRITE;

    /** The claim's name. */
    public static final String CLAIM = "scope";

    /** The only scope a token may name: sending events. */
    public static final String EVENTS_WRITE_VALUE = "events:write";

    private static final Set<String> KNOWN = Set.of(EVENTS_WRITE_VALUE);

    /**
     * The scope a claim's value gives.
     *
     * @return empty when the claim is not a string of known scopes, which the token is refused for
     */
    static Optional<TokenScope> of(Object claim) {
        if (claim == null) {
            return Optional.of(ALL);
        }
        if (!(claim instanceof String text) || text.isBlank()) {
            return Optional.empty();
        }
        Set<String> scopes = Arrays.stream(text.strip().split(" +")).collect(Collectors.toSet());
        return KNOWN.containsAll(scopes) ? Optional.of(EVENTS_WRITE) : Optional.empty();
    }
}
