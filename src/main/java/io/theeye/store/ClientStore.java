package io.theeye.store;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The applications allowed to send events, with the secrets they sign their tokens with. */
public class ClientStore {

    /** 256 bits: the least HS256 needs for a full-strength key. */
    private static final int SECRET_BYTES = 32;

    private static final String SELECT = "select client_id, name, secret_key, read_all, created_at, revoked_at,"
            + " previous_secret_key, previous_secret_expires_at, last_used_at, admin, rate_limit_events_per_second,"
            + " rate_limit_burst from clients ";

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
        return create(name, readAll, false);
    }

    /**
     * Creates a client with a new random id and a new random, URL-safe secret key.
     *
     * @param readAll whether it may read every client's events, not only its own
     * @param admin whether it may manage payload schemas through the API
     */
    public Client create(String name, boolean readAll, boolean admin) {
        Client client = new Client(
                UUID.randomUUID(), name, newSecret(), readAll, clock.instant(), null, null, null, null, admin);
        jdbc.sql("insert into clients (client_id, name, secret_key, read_all, created_at, admin) values (?, ?, ?, ?,"
                        + " ?, ?)")
                .params(
                        dialect.uuid(client.clientId()),
                        client.name(),
                        client.secretKey(),
                        client.readAll(),
                        dialect.timestamp(client.createdAt()),
                        client.admin())
                .update();
        return client;
    }

    /**
     * Every client, active or revoked. A row that cannot be read (say, an id that is no UUID, written by hand) is
     * logged and left out: one bad row must not keep every other client from being known.
     */
    public List<Client> findAll() {
        return ReadableRows.list(jdbc.sql(SELECT + "order by created_at"), this::client, "client");
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
                dialect.instant(rs, 6),
                rs.getString(7),
                dialect.instant(rs, 8),
                dialect.instant(rs, 9),
                rs.getBoolean(10),
                rateLimit(rs));
    }

    private static RateLimit rateLimit(ResultSet rs) throws SQLException {
        int eventsPerSecond = rs.getInt(11);
        return rs.wasNull() ? null : new RateLimit(eventsPerSecond, rs.getInt(12));
    }

    /**
     * Gives the client a new secret. The one it replaces stays valid until {@code now + grace}, so that applications
     * can move to the new one without refused tokens; a secret kept from an earlier rotation is dropped at once.
     *
     * @return the client with its new secret, or empty when there is no client with that id
     */
    public Optional<Client> rotate(UUID clientId, Duration grace) {
        int updated = jdbc.sql("update clients set previous_secret_key = secret_key, previous_secret_expires_at = ?,"
                        + " secret_key = ? where client_id = ?")
                .params(dialect.timestamp(clock.instant().plus(grace)), newSecret(), dialect.uuid(clientId))
                .update();
        return updated == 1 ? findById(clientId) : Optional.empty();
    }

    /** Revokes a client; its tokens are refused from then on. Returns false when no active client has that id. */
    public boolean revoke(UUID clientId) {
        return jdbc.sql("update clients set revoked_at = ? where client_id = ? and revoked_at is null")
                        .params(dialect.timestamp(clock.instant()), dialect.uuid(clientId))
                        .update()
                == 1;
    }

    /** Lets a revoked client in again, with the secrets it had. Returns false when no revoked client has that id. */
    public boolean reactivate(UUID clientId) {
        return jdbc.sql("update clients set revoked_at = null where client_id = ? and revoked_at is not null")
                        .param(dialect.uuid(clientId))
                        .update()
                == 1;
    }

    /**
     * Gives the client a rate limit of its own, or with null takes it away, so that the default applies again.
     *
     * @return false when there is no client with that id
     */
    public boolean setRateLimit(UUID clientId, RateLimit limit) {
        return jdbc.sql("update clients set rate_limit_events_per_second = ?, rate_limit_burst = ? where client_id = ?")
                        .params(
                                limit == null ? null : limit.eventsPerSecond(),
                                limit == null ? null : limit.burst(),
                                dialect.uuid(clientId))
                        .update()
                == 1;
    }

    /**
     * Gives the client a retention of its own, in days, or with null takes it away, so that the default
     * ({@code THE_EYE_RETENTION}) applies again.
     *
     * @return false when there is no client with that id
     */
    public boolean setRetentionDays(UUID clientId, Integer days) {
        return jdbc.sql("update clients set retention_days = ? where client_id = ?")
                        .params(days, dialect.uuid(clientId))
                        .update()
                == 1;
    }

    /** The retention of each client that has one of its own, in days, active clients and revoked. */
    public Map<UUID, Integer> retentionDays() {
        Map<UUID, Integer> days = new LinkedHashMap<>();
        jdbc.sql("select client_id, retention_days from clients where retention_days is not null order by client_id")
                .query(rs -> {
                    days.put(dialect.uuid(rs, 1), rs.getInt(2));
                });
        return days;
    }

    /** Records when clients' tokens were last accepted; an earlier time never replaces a later one. */
    public void recordLastUse(Map<UUID, Instant> lastUses) {
        for (Map.Entry<UUID, Instant> use : lastUses.entrySet()) {
            Object at = dialect.timestamp(use.getValue());
            jdbc.sql("update clients set last_used_at = ? where client_id = ? and (last_used_at is null or last_used_at"
                            + " < ?)")
                    .params(at, dialect.uuid(use.getKey()), at)
                    .update();
        }
    }

    private String newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /**
     * An application's credentials.
     *
     * @param readAll whether it may read every client's events, not only its own
     * @param revokedAt when it was revoked, or null while it is active
     * @param previousSecretKey the secret the last rotation replaced, or null
     * @param previousSecretExpiresAt until when {@code previousSecretKey} is accepted, or null
     * @param lastUsedAt when a token of the client was last accepted (written now and then), or null if never
     * @param admin whether it may manage payload schemas through the API
     * @param rateLimit its own rate limit, or null when the default applies
     */
    public record Client(
            UUID clientId,
            String name,
            String secretKey,
            boolean readAll,
            Instant createdAt,
            Instant revokedAt,
            String previousSecretKey,
            Instant previousSecretExpiresAt,
            Instant lastUsedAt,
            boolean admin,
            RateLimit rateLimit) {

        /** A client with the default rate limit. */
        public Client(
                UUID clientId,
                String name,
                String secretKey,
                boolean readAll,
                Instant createdAt,
                Instant revokedAt,
                String previousSecretKey,
                Instant previousSecretExpiresAt,
                Instant lastUsedAt,
                boolean admin) {
            this(
                    clientId,
                    name,
                    secretKey,
                    readAll,
                    createdAt,
                    revokedAt,
                    previousSecretKey,
                    previousSecretExpiresAt,
                    lastUsedAt,
                    admin,
                    null);
        }

        /** A client that is no admin. */
        public Client(
                UUID clientId,
                String name,
                String secretKey,
                boolean readAll,
                Instant createdAt,
                Instant revokedAt,
                String previousSecretKey,
                Instant previousSecretExpiresAt,
                Instant lastUsedAt) {
            this(
                    clientId,
                    name,
                    secretKey,
                    readAll,
                    createdAt,
                    revokedAt,
                    previousSecretKey,
                    previousSecretExpiresAt,
                    lastUsedAt,
                    false);
        }

        /** A client that was never rotated nor used. */
        public Client(
                UUID clientId, String name, String secretKey, boolean readAll, Instant createdAt, Instant revokedAt) {
            this(clientId, name, secretKey, readAll, createdAt, revokedAt, null, null, null);
        }

        public boolean active() {
            return revokedAt == null;
        }

        /** Whether a token signed with the previous secret is still accepted at that instant. */
        public boolean acceptsPreviousSecret(Instant now) {
            return previousSecretKey != null
                    && previousSecretExpiresAt != null
                    && now.isBefore(previousSecretExpiresAt);
        }
    }

    /**
     * A client's own rate limit, in place of the default ({@code THE_EYE_RATE_LIMIT_*}); {@link ClientRules#rateLimit}
     * makes one.
     *
     * @param eventsPerSecond the rate its bucket refills at; 0: no limit for this client
     * @param burst the most events its bucket holds; 0: one second's worth
     */
    public record RateLimit(int eventsPerSecond, int burst) {

        /** {@code 100 events per second, up to 500 at once}, or {@code no limit}. */
        public String describe() {
            if (eventsPerSecond == 0) {
                return "no limit";
            }
            return eventsPerSecond + (eventsPerSecond == 1 ? " event" : " events") + " per second, up to "
                    + (burst > 0 ? burst : eventsPerSecond) + " at once";
        }
    }
}
