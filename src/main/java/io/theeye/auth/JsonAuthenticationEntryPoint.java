package io.theeye.auth;

import io.theeye.system.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers every refused token with 401, a {@code WWW-Authenticate} challenge (RFC 6750) and the API's JSON error
 * body, both saying what is wrong in the same general terms.
 */
final class JsonAuthenticationEntryPoint implements AuthenticationEntryPoint {

    private final JsonMapper json;

    JsonAuthenticationEntryPoint(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        String description = describe(failure);
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, BearerTokenCheck.challenge(description));
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), new ApiError("invalid_token", description, List.of()));
    }

    private static String describe(AuthenticationException failure) {
        return BearerTokenCheck.describe(failure instanceof OAuth2AuthenticationException oauth ? oauth : null);
    }
}
