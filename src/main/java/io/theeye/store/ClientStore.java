package io.theeye.store;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The applications allowed to send events, with the secrets they sign their tokens with. */
public class ClientStore {

    /** 256 bits: the least HS256 needs for a full-strength key. */
    private static final int SECRET_BYTES = 32;

    private static final Logger log = LoggerFactory.getLogger(ClientStore.class);
    private static final String SELECT =
            "select client_id, name, secret_key, read_all, created_at, revoked_at from clients ";

    private final JdbcClient jdbc;
    private final SqlDialect dialect;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ClientStore(JdbcClient jdbc, SqlDialect dialect, Clock clock) {
        this.jdbc = jdbc;
        this.dialect = dialect;
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
                        dialect.uuid(client.clientId()),
                        client.name(),
                        client.secretKey(),
                        client.readAll(),
                        dialect.timestamp(client.createdAt()))
                .update();
        return client;
    }

    /**
     * Every client, active or revoked. A row that cannot be read (say, an id that is no UUID, written by hand) is
     * logged and left out: one bad row must not keep every other client from being known.
     */
    public List<Client> findAll() {
        List<Client> clients = new ArrayList<>();
        jdbc.sql(SELECT + "order by created_at").query(rs -> {
            try {
                clients.add(client(rs, rs.getRow()));
            } catch (SQLException | RuntimeException e) {
                log.warn("Skipping the unreadable client row with client_id {}: {}", rs.getString(1), e.toString());
            }
        });
        return clients;
    }

    /** The client with this id, active or revoked, if there is one. */
    public Optional<Client> findById(UUID clientId) {
        return jdbc.sql(SELECT + "where client_id = ?")
                .param(dialect.uuid(clientId))
                .query(this::client)
                .optional();
    }

    private Client client(ResultSet rs, int row) throws SQLException {
        return new Client(
                dialect.uuid(rs, 1),
                rs.getString(2),
                rs.getString(3),
                rs.getBoolean(4),
                dialect.instant(rs, 5),
                dialect.instant(rs, 6));
    }

    /** Revokes a client; its tokens are refused from then on. Returns false when no active client has that id. */
    public boolean revoke(UUID clientId) {
        return jdbc.sql("update clients set revoked_at = ? where client_id = ? and revoked_at is null")
                        .params(dialect.timestamp(clock.instant()), dialect.uuid(clientId))
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
