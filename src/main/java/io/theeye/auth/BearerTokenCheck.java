package io.theeye.auth;

import io.theeye.system.ApiError;
import io.theeye.system.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * A request's client, from its bearer token, for an edge that runs ahead of Spring Security (the ingest path): the
 * same resolver, decoder and verified-token cache as the security filter chain, and the same refusals.
 */
public final class BearerTokenCheck {

    private static final String MISSING = "missing bearer token: send Authorization: Bearer <jwt>";

    private final ClientBearerTokenResolver resolver = new ClientBearerTokenResolver();
    private final ClientJwtDecoder decoder;
    private final ClientRegistry clients;
    private final ClientUsage usage;
    private final WriteKeyCheck writeKeys;

    BearerTokenCheck(ClientJwtDecoder decoder, ClientRegistry clients, ClientUsage usage, WriteKeyCheck writeKeys) {
        this.decoder = decoder;
        this.clients = clients;
        this.usage = usage;
        this.writeKeys = writeKeys;
    }

    /**
     * The client whose token, or write key (HTTP Basic, the key as user name), the request carries; a write key's
     * client may only send ({@link TokenScope#EVENTS_WRITE}).
     *
     * @throws ApiException 401 with a {@code WWW-Authenticate} challenge when the token or key is missing or refused;
     *     403 {@code origin_not_allowed} when a write key's origins do not include the request's {@code Origin}
     */
    public AuthenticatedClient authenticate(HttpServletRequest request) {
        return authenticate(request, null);
    }

    /**
     * As {@link #authenticate(HttpServletRequest)}, and when a write key that lists origins is used from one of them,
     * the response's CORS headers name that origin ({@code Access-Control-Allow-Origin}, {@code Vary: Origin}).
     */
    public AuthenticatedClient authenticate(HttpServletRequest request, HttpServletResponse response) {
        if (WriteKeyCheck.carriesWriteKey(request)) {
            return writeKeys.authenticate(request, response);
        }
        String token;
        try {
            token = resolver.resolve(request);
        } catch (OAuth2AuthenticationException e) {
            throw refusal(e.getError().getDescription());
        }
        if (token == null) {
            throw refusal(MISSING);
        }
        Jwt jwt;
        try {
            jwt = decoder.decode(token);
        } catch (JwtException e) {
            throw refusal(e.getMessage());
        }
        return client(jwt, clients, usage);
    }

    /**
     * The client of a write key the request brings in its body (the {@code writeKey} of Segment's browser and Node
     * libraries), refused and answered as one sent by HTTP Basic.
     */
    public AuthenticatedClient authenticateWriteKey(
            String key, HttpServletRequest request, HttpServletResponse response) {
        if (key == null || key.isEmpty()) {
            throw refusal("missing credentials: send Authorization: Basic <write key>, Bearer <jwt>, or a writeKey");
        }
        return writeKeys.authenticate(key, request, response);
    }

    /** The client a checked token names, noting its use. */
    static AuthenticatedClient client(Jwt jwt, ClientRegistry clients, ClientUsage usage) {
        // The claim as the decoder stored it (a string): getSubject() goes through a conversion service, 1.2 %
        // of a single-event request.
        UUID clientId = UUID.fromString((String) jwt.getClaims().get(JwtClaimNames.SUB));
        usage.used(clientId);
        return new AuthenticatedClient(clientId, clients.readsAll(clientId), clients.isAdmin(clientId), (TokenScope)
                jwt.getClaims().get(TokenScope.CLAIM));
    }

    /** RFC 6750's challenge, saying what is wrong in the same general terms as the JSON body. */
    static String challenge(String description) {
        return "Bearer error=\"invalid_token\", error_description=\"" + description.replace('"', '\'') + "\"";
    }

    static String describe(OAuth2AuthenticationException failure) {
        String description = failure == null ? null : failure.getError().getDescription();
        return description == null ? MISSING : description;
    }

    static ApiException refusal(String description) {
        return new ApiException(
                HttpStatus.UNAUTHORIZED,
                new ApiError("invalid_token", description, List.of()),
                Map.of(HttpHeaders.WWW_AUTHENTICATE, challenge(description)));
    }
}
