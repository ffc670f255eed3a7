package io.theeye.auth;

import java.util.UUID;

/**
 * The client a request comes from, once its token is checked: controllers take it with
 * {@code @AuthenticationPrincipal}.
 *
 * @param clientId the client's id, the token's {@code sub}
 * @param readAll whether it may read every client's events, not only its own
 * @param admin whether it may manage payload schemas (created with {@code clients create --admin})
 */
public record AuthenticatedClient(UUID clientId, boolean readAll, boolean admin) {

    /** A client that is no admin. */
    public AuthenticatedClient(UUID clientId, boolean readAll) {
        this(clientId, readAll, false);
    }
}
