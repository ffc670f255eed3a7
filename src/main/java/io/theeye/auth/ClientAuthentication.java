package io.theeye.auth;

import java.util.List;
import java.util.UUID;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;

/** A request authenticated by a client's token, with the client as its principal. */
final class ClientAuthentication extends AbstractAuthenticationToken {

    private final Jwt token;
    private final AuthenticatedClient client;

    ClientAuthentication(Jwt token, AuthenticatedClient client) {
        super(List.of());
        this.token = token;
        this.client = client;
        setAuthenticated(true);
    }

    @Override
    public Jwt getCredentials() {
        return token;
    }

    @Override
    public AuthenticatedClient getPrincipal() {
        return client;
    }

    @Override
    public String getName() {
        return client.clientId().toString();
    }

    /**
     * Turns a checked token into the authentication, reading the client's rights from the cache of clients, and
     * notes the client's use.
     */
    static Converter<Jwt, ClientAuthentication> converter(ClientRegistry clients, ClientUsage usage) {
        return jwt -> {
            UUID clientId = UUID.fromString(jwt.getSubject());
            usage.used(clientId);
            return new ClientAuthentication(
                    jwt, new AuthenticatedClient(clientId, clients.readsAll(clientId), clients.isAdmin(clientId)));
        };
    }
}
