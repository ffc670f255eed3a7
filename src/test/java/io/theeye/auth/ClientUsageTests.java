package io.theeye.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.store.ClientStore;
import io.theeye.store.TestStores;
import io.theeye.support.TestDatabases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

class ClientUsageTests {

    private static final Instant NOW = Instant.parse("2026-05-06T07:08:09Z");

    private final SettableClock clock = new SettableClock();
    private HikariDataSource database;
    private ClientStore store;
    private ClientUsage usage;

    @BeforeEach
    void setUp() {
        database = TestStores.migrated(TestDatabases.newSqliteUrl(), "", "");
        store = TestStores.clientStore(database, clock);
        usage = new ClientUsage(store, clock, Duration.ofMinutes(1));
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void writesWhenEachClientWasLastUsed() {
        ClientStore.Client shop = store.create("shop");
        ClientStore.Client blog = store.create("blog");
        ClientStore.Client idle = store.create("idle");

        usage.used(shop.clientId());
        clock.now = NOW.plusSeconds(5);
        usage.used(shop.clientId());
        usage.used(blog.clientId());
        usage.write();

        assertThat(lastUsed(shop)).isEqualTo(NOW.plusSeconds(5));
        assertThat(lastUsed(blog)).isEqualTo(NOW.plusSeconds(5));
        assertThat(lastUsed(idle)).isNull();
    }

    @Test
    void writesNothingWhenNothingWasUsedSinceTheLastWrite() {
        ClientStore.Client shop = store.create("shop");
        usage.used(shop.clientId());
        usage.write();
        JdbcClient.create(database)
                .sql("update clients set last_used_at = null")
                .update();

        usage.write();

        assertThat(lastUsed(shop)).isNull();
    }

    @Test
    void notesAUseAtMostOnceASecond() {
        ClientStore.Client shop = store.create("shop");
        usage.used(shop.clientId());
        clock.now = NOW.plusMillis(999);
        usage.used(shop.clientId());
        usage.write();

        assertThat(lastUsed(shop)).isEqualTo(NOW);
    }

    private Instant lastUsed(ClientStore.Client client) {
        return store.findById(client.clientId()).orElseThrow().lastUsedAt();
    }

    private static final class SettableClock extends Clock {

        volatile Instant now = NOW;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
