package io.theeye.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.store.SignInAttempts.Counter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What {@link SignInAttempts} promises about its counts, on each database; each subclass names the database. */
abstract class SignInAttemptsTestCases {

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07.123456Z");

    private HikariDataSource dataSource;
    private SignInAttempts attempts;

    abstract HikariDataSource newDatabase();

    @BeforeEach
    void setUp() {
        dataSource = newDatabase();
        attempts = TestStores.signInAttempts(dataSource);
    }

    @AfterEach
    void tearDown() {
        dataSource.close();
    }

    @Test
    void changesMadeAtOnceEachSeeTheOnesBeforeThem() throws Exception {
        // Each change lets a try go while fewer than 5 are counted, as the sign-in rules do: of 50 at once, 5 go.
        List<String> keys = List.of("pair\0alice", "user\0alice", "address\0203.0.113.1");
        List<Callable<Boolean>> tries = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            // Half of them name the keys in the other order: they must not deadlock.
            List<String> order = i % 2 == 0 ? keys : keys.reversed();
            tries.add(() -> attempts.change(order, NOW, counters -> {
                if (counters.get("pair\0alice").failures() >= 5) {
                    return Optional.empty();
                }
                Map<String, Counter> after = new HashMap<>();
                counters.forEach((key, counter) -> after.put(key, new Counter(counter.failures() + 1, NOW)));
                return Optional.of(after);
            }));
        }

        int went = 0;
        try (ExecutorService threads = Executors.newFixedThreadPool(16)) {
            for (Future<Boolean> result : threads.invokeAll(tries)) {
                went += result.get() ? 1 : 0;
            }
        }

        assertThat(went).isEqualTo(5);
        assertThat(attempts.read(keys))
                .containsOnlyKeys(keys)
                .allSatisfy((key, counter) -> assertThat(counter).isEqualTo(new Counter(5, NOW)));
    }

    @Test
    void aKeyWithoutACounterIsGivenOneOfNoFailuresMadeNow() {
        List<Map<String, Counter>> seen = new ArrayList<>();

        attempts.change(List.of("new"), NOW, counters -> {
            seen.add(counters);
            return Optional.of(Map.of("new", new Counter(1, NOW.plusSeconds(1))));
        });

        assertThat(seen).containsExactly(Map.of("new", new Counter(0, NOW)));
        assertThat(attempts.read(List.of("new", "other"))).isEqualTo(Map.of("new", new Counter(1, NOW.plusSeconds(1))));
    }

    @Test
    void aChangeThatStoresNothingLeavesNoCounterBehind() {
        boolean stored = attempts.change(List.of("refused", "also refused"), NOW, counters -> Optional.empty());

        assertThat(stored).isFalse();
        assertThat(attempts.read(List.of("refused", "also refused"))).isEmpty();
        assertThat(rows()).isZero();
    }

    @Test
    void keysAreStoredAsTheirHashesNeverAsGiven() {
        attempts.change(
                List.of("pair\0203.0.113.1\0alice"),
                NOW,
                counters -> Optional.of(Map.of("pair\0203.0.113.1\0alice", new Counter(1, NOW))));

        List<String> stored = JdbcClient.create(dataSource)
                .sql("select key_hash from sign_in_attempts")
                .query(String.class)
                .list();

        assertThat(stored)
                .singleElement()
                .satisfies(hash -> assertThat(hash).matches("[0-9a-f]{64}").doesNotContain("alice"));
    }

    @Test
    void takingBackRemovesOneFailureAndNeverGoesBelowNone() {
        store("a", 2);
        store("b", 0);

        attempts.takeBack(List.of("a", "b", "missing"));

        assertThat(attempts.read(List.of("a", "b", "missing")))
                .isEqualTo(Map.of("a", new Counter(1, NOW), "b", new Counter(0, NOW)));
    }

    @Test
    void clearingForgetsOneKeyOnly() {
        store("a", 3);
        store("b", 3);

        attempts.clear("a");

        assertThat(attempts.read(List.of("a", "b"))).containsOnlyKeys("b");
    }

    @Test
    void forgettingDeletesTheCountsWhoseLastFailureIsOlder() {
        attempts.change(List.of("old"), NOW, c -> Optional.of(Map.of("old", new Counter(7, NOW.minusSeconds(3601)))));
        attempts.change(List.of("recent"), NOW, c -> Optional.of(Map.of("recent", new Counter(7, NOW))));

        int forgotten = attempts.forget(NOW.minusSeconds(3600));

        assertThat(forgotten).isEqualTo(1);
        assertThat(attempts.read(List.of("old", "recent"))).containsOnlyKeys("recent");
    }

    private void store(String key, int failures) {
        attempts.change(List.of(key), NOW, c -> Optional.of(Map.of(key, new Counter(failures, NOW))));
    }

    private int rows() {
        return JdbcClient.create(dataSource)
                .sql("select count(*) from sign_in_attempts")
                .query(Integer.class)
                .single();
    }
}
