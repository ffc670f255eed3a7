package io.theeye.auth;

import java.util.UUID;

/**
 * The client a request comes from, once its token is checked: controllers take it with
 * {@code @AuthenticationPrincipal}.
 *
 * @param clientId the client's id, the token's {@code sub}
 * @param readAll whether it may read every client's events, not only its own
 * @param admin whether it may manage payload schemas (created with {@code clients create --admin})
 * @param scope what its token may do: everything its client may, or only send events
 * @param keyId the {@code key_id} of the write key the request came with, or null for a token: a key may have a rate
 *     limit of its own
 */
public record AuthenticatedClient(UUID clientId, boolean readAll, boolean admin, TokenScope scope, String keyId) {

    /** A client authenticated by a token. */
    public AuthenticatedClient(UUID clientId, boolean readAll, boolean admin, TokenScope scope) {
        this(clientId, readAll, admin, scope, null);
    }

    /** A client whose token may do everything the client may. */
    public AuthenticatedClient(UUID clientId, boolean readAll, boolean admin) {
        this(clientId, readAll, admin, TokenScope.ALL);
    }

    /** A client that is no admin. */
    public AuthenticatedClient(UUID clientId, boolean readAll) {
        this(clientId, readAll, false);
    }
}
