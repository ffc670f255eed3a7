package io.theeye.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts of failed admin sign-ins, in the database so that every API process throttles with the same counts. What is
 * counted, and when a try must wait, is the caller's to decide; this class keeps the counts and changes them
 * atomically. A key is stored as its SHA-256, never as given.
 */
public class SignInAttempts {

    /**
     * Creates the key's counter if it has none, and locks it either way until the transaction ends: on PostgreSQL the
     * upsert locks the row; on SQLite any write takes the database's one write lock.
     */
    private static final String LOCK = """
            insert into sign_in_attempts (key_hash, failures, last_failure_at) values (?, 0, ?)
            on conflict (key_hash) do update set failures = sign_in_attempts.failures
            returning failures, last_failure_at
            """;

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final SqlDialect dialect;

    SignInAttempts(JdbcClient jdbc, TransactionTemplate transaction, SqlDialect dialect) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.dialect = dialect;
    }

    /**
     * One key's count.
     *
     * @param lastFailureAt when the last failure was counted (or, for a counter with none, when it was made)
     */
    public record Counter(int failures, Instant lastFailureAt) {}

    /** The counters of these keys that exist, as they are now, without waiting for or locking anything. */
    public Map<String, Counter> read(Collection<String> keys) {
        Map<String, String> byHash = hashes(keys);
        Map<String, Counter> counters = new LinkedHashMap<>();
        String placeholders = String.join(", ", Collections.nCopies(byHash.size(), "?"));
        jdbc.sql("select key_hash, failures, last_failure_at from sign_in_attempts where key_hash in (" + placeholders
                        + ")")
                .params(List.copyOf(byHash.keySet()))
                .query(rs -> {
                    counters.put(byHash.get(rs.getString(1)), new Counter(rs.getInt(2), dialect.instant(rs, 3)));
                });
        return counters;
    }

    /**
     * Changes counters as one step for every process: locks those of the keys (a key without one gets a counter of no
     * failures, made {@code now}), hands them to {@code change} and stores the counters it returns, in one
     * transaction; when it returns empty, nothing is stored. Another change of any of these keys waits meanwhile, so
     * {@code change} must be quick. Keys are locked in one order, so that changes of overlapping keys cannot deadlock.
     *
     * @param change given a counter for every key, returns the counters to store (of some of those keys), or empty
     * @return whether {@code change} returned counters to store
     */
    public boolean change(
            Collection<String> keys,
            Instant now,
            Function<Map<String, Counter>, Optional<Map<String, Counter>>> change) {
        Map<String, String> byHash = hashes(keys);
        return Boolean.TRUE.equals(transaction.execute(status -> {
            Map<String, Counter> locked = new LinkedHashMap<>();
            byHash.keySet().stream().sorted().forEach(hash -> locked.put(byHash.get(hash), lock(hash, now)));
            Optional<Map<String, Counter>> changed = change.apply(Map.copyOf(locked));
            if (changed.isEmpty()) {
                // Also drops the counters the lock made: a refused try leaves no row behind.
                status.setRollbackOnly();
                return false;
            }
            changed.get().forEach((key, counter) -> {
                if (!locked.containsKey(key)) {
                    throw new IllegalArgumentException("a counter was changed that was not locked");
                }
                jdbc.sql("update sign_in_attempts set failures = ?, last_failure_at = ? where key_hash = ?")
                        .params(counter.failures(), dialect.timestamp(counter.lastFailureAt()), hash(key))
                        .update();
            });
            return true;
        }));
    }

    private Counter lock(String hash, Instant now) {
        return jdbc.sql(LOCK)
                .params(hash, dialect.timestamp(now))
                .query((rs, row) -> new Counter(rs.getInt(1), dialect.instant(rs, 2)))
                .single();
    }

    /** Takes one failure off each key's count, if it has any: for a try counted as failed before it was checked. */
    public void takeBack(Collection<String> keys) {
        for (String hash : hashes(keys).keySet()) {
            jdbc.sql("update sign_in_attempts set failures = failures - 1 where key_hash = ? and failures > 0")
                    .param(hash)
                    .update();
        }
    }

    /** Forgets the key's count. */
    public void clear(String key) {
        jdbc.sql("delete from sign_in_attempts where key_hash = ?")
                .param(hash(key))
                .update();
    }

    /** Forgets the counts whose last failure was before {@code before}; returns how many. */
    public int forget(Instant before) {
        return jdbc.sql("delete from sign_in_attempts where last_failure_at < ?")
                .param(dialect.timestamp(before))
                .update();
    }

    /** Each key by its hash, in the order given, once each. */
    private static Map<String, String> hashes(Collection<String> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no keys");
        }
        Map<String, String> byHash = new LinkedHashMap<>();
        keys.forEach(key -> byHash.put(hash(key), key));
        return byHash;
    }

    private static String hash(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
