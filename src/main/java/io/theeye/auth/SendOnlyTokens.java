package io.theeye.auth;

import io.theeye.system.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's rule for tokens scoped {@code events:write}: they may send events ({@code POST /events}, served ahead of
 * this chain) and nothing the chain guards, where they get 403 {@code insufficient_scope} (RFC 6750) with the API's
 * JSON error body.
 */
final class SendOnlyTokens implements AuthorizationManager<RequestAuthorizationContext>, AccessDeniedHandler {

    private static final String MESSAGE = "These credentials may only send events: a write key, or a token with scope "
            + TokenScope.EVENTS_WRITE_VALUE + ".";

    private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();
    private final JsonMapper json;

    SendOnlyTokens(JsonMapper json) {
        this.json = json;
    }

    /** Granted to an authenticated client whose token is not send-only; the anonymous are asked for a token (401). */
    @Override
    public AuthorizationResult authorize(
            Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
        Authentication current = authentication.get();
        boolean granted = current != null
                && current.isAuthenticated()
                && !trust.isAnonymous(current)
                && !(current.getPrincipal() instanceof AuthenticatedClient client
                        && client.scope() == TokenScope.EVENTS_WRITE);
        return new AuthorizationDecision(granted);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        response.setStatus(HttpStatus.FORBIDDEN.value());
        response.setHeader(
                HttpHeaders.WWW_AUTHENTICATE,
                "Bearer error=\"insufficient_scope\", error_description=\"" + MESSAGE + "\"");
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), new ApiError("insufficient_scope", MESSAGE, List.of()));
    }
}
