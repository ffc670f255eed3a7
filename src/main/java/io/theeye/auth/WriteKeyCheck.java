package io.theeye.auth;

import io.theeye.store.ClientRules;
import io.theeye.system.ApiError;
import io.theeye.system.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A request's client from a write key, sent as Segment's and RudderStack's SDKs send theirs: HTTP Basic with the key
 * as the user name (the password is not read; they send none). A key's client may only send events
 * ({@link TokenScope#EVENTS_WRITE}). A key that lists origins refuses a browser request from any other origin (403
 * {@code origin_not_allowed}); a request without {@code Origin} (a server, an app) is not a browser's and passes.
 */
final class WriteKeyCheck {

    private static final String SCHEME = "Basic ";
    private static final String MALFORMED =
            "malformed authorization header: expected 'Basic ' and the base64 of '<write key>:'";
    private static final String REFUSED = "unknown or revoked write key";

    private final WriteKeyRegistry keys;
    private final ClientRegistry clients;
    private final ClientUsage usage;

    WriteKeyCheck(WriteKeyRegistry keys, ClientRegistry clients, ClientUsage usage) {
        this.keys = keys;
        this.clients = clients;
        this.usage = usage;
    }

    /** Whether the request authenticates with HTTP Basic, which only write keys use. */
    static boolean carriesWriteKey(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        return header != null && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    /**
     * The client whose write key the request carries ({@link #carriesWriteKey}).
     *
     * @param response when not null, given the CORS answer that names the request's origin, for a key that lists
     *     origins: {@code Access-Control-Allow-Origin} and {@code Vary: Origin}
     * @throws ApiException 401 like a refused token for a malformed header, an unknown or revoked key, or a key of a
     *     revoked client; 403 {@code origin_not_allowed} for a browser's origin the key does not list
     */
    AuthenticatedClient authenticate(HttpServletRequest request, HttpServletResponse response) {
        return authenticate(key(request.getHeader(HttpHeaders.AUTHORIZATION)), request, response);
    }

    /** As {@link #authenticate(HttpServletRequest, HttpServletResponse)}, for a key the request brings elsewhere. */
    AuthenticatedClient authenticate(String key, HttpServletRequest request, HttpServletResponse response) {
        WriteKeyRegistry.Key known = keys.find(key).orElseThrow(() -> BearerTokenCheck.refusal(REFUSED));
        if (clients.verifierFor(known.clientId()).isEmpty()) {
            throw BearerTokenCheck.refusal(REFUSED);
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !known.origins().isEmpty()) {
            if (!known.origins().contains(canonical(origin))) {
                throw new ApiException(
                        HttpStatus.FORBIDDEN,
                        ApiError.of(
                                "origin_not_allowed",
                                HttpHeaders.ORIGIN,
                                origin + " is not among the origins of write key " + known.keyId()),
                        Map.of());
            }
            if (response != null) {
                response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
                if (!response.getHeaders(HttpHeaders.VARY).stream()
                        .flatMap(vary -> List.of(vary.split(",")).stream())
                        .anyMatch(name -> name.strip().equalsIgnoreCase(HttpHeaders.ORIGIN))) {
                    response.addHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
                }
            }
        }
        usage.used(known.clientId());
        return new AuthenticatedClient(known.clientId(), false, false, TokenScope.EVENTS_WRITE, known.keyId());
    }

    private static String key(String header) {
        String decoded;
        try {
            decoded = new String(
                    Base64.getDecoder().decode(header.substring(SCHEME.length()).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw BearerTokenCheck.refusal(MALFORMED);
        }
        int colon = decoded.indexOf(':');
        String key = colon < 0 ? decoded : decoded.substring(0, colon);
        if (key.isEmpty()) {
            throw BearerTokenCheck.refusal(MALFORMED);
        }
        return key;
    }

    /** The origin as the key's list holds origins, or null for one that is none (such as {@code null}). */
    private static String canonical(String origin) {
        try {
            return ClientRules.origin(origin);
        } catch (ClientRules.Violation e) {
            return null;
        }
    }
}
