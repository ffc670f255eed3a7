package io.theeye.store;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.simple.JdbcClient.MappedQuerySpec;

/** The applications allowed to send events, with the secrets they sign their tokens with. */
public class ClientStore {

    /** 256 bits: the least HS256 needs for a full-strength key. */
    private static final int SECRET_BYTES = 32;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ClientStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Creates a client that reads only its own events, with a new random id and a new random, URL-safe secret. */
    public Client create(String name) {
        return create(name, false);
    }

    /**
     * Creates a client with a new random id and a new random, URL-safe secret key.
     *
     * @param readAll whether it may read every client's events, not only its own
     */
    public Client create(String name, boolean readAll) {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        Client client = new Client(
                UUID.randomUUID(),
                name,
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret),
                readAll,
                clock.instant(),
                null);
        jdbc.sql("insert into clients (client_id, name, secret_key, read_all, created_at) values (?, ?, ?, ?, ?)")
                .params(
                        client.clientId(),
                        client.name(),
                        client.secretKey(),
                        client.readAll(),
                        EventStore.utc(client.createdAt()))
                .update();
        return client;
    }

    public List<Client> findAll() {
        return select("order by created_at").list();
    }

    /** The client with this id, active or revoked, if there is one. */
    public Optional<Client> findById(UUID clientId) {
        return select("where client_id = ?", clientId).optional();
    }

    private MappedQuerySpec<Client> select(String clauses, Object... params) {
        return jdbc.sql("select client_id, name, secret_key, read_all, created_at, revoked_at from clients " + clauses)
                .params(params)
                .query((rs, row) -> new Client(
                        rs.getObject("client_id", UUID.class),
                        rs.getString("name"),
                        rs.getString("secret_key"),
                        rs.getBoolean("read_all"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        Optional.ofNullable(rs.getObject("revoked_at", OffsetDateTime.class))
                                .map(OffsetDateTime::toInstant)
                                .orElse(null)));
    }

    /** Revokes a client; its tokens are refused from then on. Returns false when no active client has that id. */
    public boolean revoke(UUID clientId) {
        return jdbc.sql("update clients set revoked_at = ? where client_id = ? and revoked_at is null")
                        .params(EventStore.utc(clock.instant()), clientId)
                        .update()
                == 1;
    }

    /**
     * An application's credentials.
     *
     * @param readAll whether it may read every client's events, not only its own
     * @param revokedAt when it was revoked, or null while it is active
     */
    public record Client(
            UUID clientId, String name, String secretKey, boolean readAll, Instant createdAt, Instant revokedAt) {

        public boolean active() {
            return revokedAt == null;
        }
    }
}
