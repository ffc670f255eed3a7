package io.theeye.store;

import io.theeye.store.ClientStore.RateLimit;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Write keys: public, send-only credentials of a client, safe in a web page or an app. Only a key's SHA-256 is
 * stored: the key itself is shown once, when it is made; its first characters ({@code key_id}) name it afterwards.
 */
public class WriteKeyStore {

    /** What every write key starts with, so that one found in a page or a log is recognised. */
    public static final String PREFIX = "wk_";

    /** 256 bits: as much as a client's secret. */
    private static final int KEY_BYTES = 32;

    /** How many characters of the random part name the key: 48 bits, so that keys of one database never share one. */
    private static final int ID_CHARACTERS = 8;

    private static final String SELECT =
            "select key_id, key_hash, client_id, name, origins, created_at, revoked_at, rate_limit_events_per_second,"
                    + " rate_limit_burst from write_keys ";

    private final JdbcClient jdbc;
    private final SqlDialect dialect;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    WriteKeyStore(JdbcClient jdbc, SqlDialect dialect, Clock clock) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.clock = clock;
    }

    /** The SHA-256 of a key, in lower-case hex: how the key is stored and looked up. */
    public static String hash(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Makes a new random key for the client. The caller checks the client exists and the name, origins and limit follow
     * {@link ClientRules}.
     *
     * @param rateLimit the key's own limit, or null for none
     */
    NewKey create(UUID clientId, String name, List<String> origins, RateLimit rateLimit) {
        byte[] bytes = new byte[KEY_BYTES];
        random.nextBytes(bytes);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        WriteKey created = new WriteKey(
                key.substring(0, PREFIX.length() + ID_CHARACTERS),
                hash(key),
                clientId,
                name,
                List.copyOf(origins),
                clock.instant(),
                null,
                rateLimit);
        jdbc.sql("insert into write_keys (key_id, key_hash, client_id, name, origins, created_at,"
                        + " rate_limit_events_per_second, rate_limit_burst) values (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        created.keyId(),
                        created.keyHash(),
                        dialect.uuid(clientId),
                        name,
                        String.join(" ", origins),
                        dialect.timestamp(created.createdAt()),
                        rateLimit == null ? null : rateLimit.eventsPerSecond(),
                        rateLimit == null ? null : rateLimit.burst())
                .update();
        return new NewKey(key, created);
    }

    /** Every key, active or revoked, oldest first; an unreadable row is logged and left out. */
    public List<WriteKey> findAll() {
        return ReadableRows.list(jdbc.sql(SELECT + "order by created_at, key_id"), this::key, "write key");
    }

    /** The client's keys, active or revoked, oldest first. */
    public List<WriteKey> findByClient(UUID clientId) {
        return jdbc.sql(SELECT + "where client_id = ? order by created_at, key_id")
                .param(dialect.uuid(clientId))
                .query(this::key)
                .list();
    }

    /** The key with this SHA-256 ({@link #hash}), active or revoked. */
    public Optional<WriteKey> findByHash(String keyHash) {
        return jdbc.sql(SELECT + "where key_hash = ?")
                .param(keyHash)
                .query(this::key)
                .optional();
    }

    /** The key named either by itself or by its {@code key_id}, active or revoked. */
    public Optional<WriteKey> find(String keyOrId) {
        if (keyOrId.length() > PREFIX.length() + ID_CHARACTERS) {
            return findByHash(hash(keyOrId));
        }
        return jdbc.sql(SELECT + "where key_id = ?")
                .param(keyOrId)
                .query(this::key)
                .optional();
    }

    /** Revokes the key with this id; false when no active key has it. */
    boolean revoke(String keyId) {
        return jdbc.sql("update write_keys set revoked_at = ? where key_id = ? and revoked_at is null")
                        .params(dialect.timestamp(clock.instant()), keyId)
                        .update()
                == 1;
    }

    /**
     * Gives the active key with this id a rate limit of its own, or with null takes it away, so that only its client's
     * applies.
     *
     * @return false when no active key has that id
     */
    boolean setRateLimit(String keyId, RateLimit limit) {
        return jdbc.sql("update write_keys set rate_limit_events_per_second = ?, rate_limit_burst = ? where key_id = ?"
                                + " and revoked_at is null")
                        .params(
                                limit == null ? null : limit.eventsPerSecond(),
                                limit == null ? null : limit.burst(),
                                keyId)
                        .update()
                == 1;
    }

    private WriteKey key(ResultSet rs, int row) throws SQLException {
        String origins = rs.getString(5);
        return new WriteKey(
                rs.getString(1),
                rs.getString(2),
                dialect.uuid(rs, 3),
                rs.getString(4),
                origins.isEmpty() ? List.of() : Arrays.asList(origins.split(" ")),
                dialect.instant(rs, 6),
                dialect.instant(rs, 7),
                rateLimit(rs));
    }

    private static RateLimit rateLimit(ResultSet rs) throws SQLException {
        int eventsPerSecond = rs.getInt(8);
        return rs.wasNull() ? null : new RateLimit(eventsPerSecond, rs.getInt(9));
    }

    /**
     * A write key as stored.
     *
     * @param keyId its first characters, which name it in lists and to {@code keys revoke}
     * @param keyHash the SHA-256 of the key, in lower-case hex
     * @param origins the origins a browser may send with it from; empty: any
     * @param revokedAt when it was revoked, or null while it is active
     * @param rateLimit its own rate limit, held besides its client's, or null when only the client's applies
     */
    public record WriteKey(
            String keyId,
            String keyHash,
            UUID clientId,
            String name,
            List<String> origins,
            Instant createdAt,
            Instant revokedAt,
            RateLimit rateLimit) {

        public WriteKey {
            origins = List.copyOf(origins);
        }

        /** A key without a rate limit of its own. */
        public WriteKey(
                String keyId,
                String keyHash,
                UUID clientId,
                String name,
                List<String> origins,
                Instant createdAt,
                Instant revokedAt) {
            this(keyId, keyHash, clientId, name, origins, createdAt, revokedAt, null);
        }

        public boolean active() {
            return revokedAt == null;
        }
    }

    /**
     * A key just made: the only time the key itself is known.
     *
     * @param key the key, {@code wk_} and 43 URL-safe characters
     */
    public record NewKey(String key, WriteKey writeKey) {}
}
