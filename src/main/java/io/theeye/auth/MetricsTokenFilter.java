package io.theeye.auth;

import io.theeye.system.ApiError;
import io.theeye.system.BearerTokens;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lets a request through to the metrics only with the configured token as its bearer token, else answers 401 with a
 * {@code WWW-Authenticate: Bearer} challenge and the API's JSON error body. Not a client's JWT: Prometheus sends a
 * fixed secret, and the metrics are none of any client's business.
 */
final class MetricsTokenFilter extends OncePerRequestFilter {

    private static final String MISSING = "missing bearer token: send Authorization: Bearer <metrics token>";
    private static final String WRONG = "wrong metrics token";

    private final String expected;
    private final JsonMapper json;

    MetricsTokenFilter(String token, JsonMapper json) {
        this.expected = token;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = BearerTokens.of(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (given == null) {
            // RFC 6750: a request that sent no credentials gets a challenge without an error code.
            refuse(response, "Bearer", MISSING);
            return;
        }
        if (!BearerTokens.same(expected, given)) {
            refuse(response, BearerTokenCheck.challenge(WRONG), WRONG);
            return;
        }
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletResponse response, String challenge, String message) throws IOException {
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), new ApiError("invalid_token", message, List.of()));
    }
}
