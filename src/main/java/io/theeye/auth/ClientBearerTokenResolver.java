package io.theeye.auth;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * Reads the token from {@code Authorization: Bearer ...}, or from {@code Authentication}, the header name the
 * original service's README gave its users.
 */
final class ClientBearerTokenResolver implements BearerTokenResolver {

    static final String LEGACY_HEADER = "Authentication";
    private static final String SCHEME = "Bearer ";

    @Override
    public String resolve(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            header = request.getHeader(LEGACY_HEADER);
        }
        if (header == null) {
            return null;
        }
        if (!header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new InvalidBearerTokenException("malformed authorization header: expected 'Bearer <token>'");
        }
        String token = header.substring(SCHEME.length()).strip();
        if (token.isEmpty()) {
            throw new InvalidBearerTokenException("malformed authorization header: expected 'Bearer <token>'");
        }
        return token;
    }
}
