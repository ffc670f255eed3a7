package io.theeye.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.store.WriteKeyStore.NewKey;
import io.theeye.store.WriteKeyStore.WriteKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link WriteKeyStore} and {@link WriteKeyChanges} promise: keys kept as their SHA-256 only, found by themselves
 * or their id, revoked once, every change audited; on each database, which each subclass names.
 */
abstract class WriteKeyStoreTestCases {

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07.123456Z");

    private HikariDataSource dataSource;
    private ClientStore clients;
    private WriteKeyStore keys;
    private WriteKeyChanges changes;
    private AuditLog audit;

    abstract HikariDataSource newDatabase();

    @BeforeEach
    void setUp() {
        dataSource = newDatabase();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        clients = TestStores.clientStore(dataSource, clock);
        audit = TestStores.auditLog(dataSource, clock);
        keys = TestStores.writeKeyStore(dataSource, clock);
        changes = TestStores.writeKeyChanges(dataSource, keys, clients, audit);
    }

    @AfterEach
    void tearDown() {
        dataSource.close();
    }

    @Test
    void keepsOnlyTheKeysHashAndFindsTheKeyByItselfOrItsId() {
        UUID client = clients.create("shop").clientId();

        NewKey created = changes.create("alice", client, "web", List.of("https://shop.example"))
                .orElseThrow();

        assertThat(created.key()).startsWith("wk_").hasSize(46);
        WriteKey stored = created.writeKey();
        assertThat(stored.keyHash())
                .isEqualTo(WriteKeyStore.hash(created.key()))
                .hasSize(64);
        assertThat(stored)
                .isEqualTo(new WriteKey(
                        created.key().substring(0, 11),
                        stored.keyHash(),
                        client,
                        "web",
                        List.of("https://shop.example"),
                        NOW,
                        null));
        assertThat(keys.find(created.key())).contains(stored);
        assertThat(keys.find(stored.keyId())).contains(stored);
        assertThat(keys.findByHash(stored.keyHash())).contains(stored);
        assertThat(keys.findAll()).containsExactly(stored);
        assertThat(keys.find(created.key() + "x")).isEmpty();
    }

    @Test
    void makesADifferentKeyEachTime() {
        UUID client = clients.create("shop").clientId();

        NewKey first = changes.create("alice", client, "", List.of()).orElseThrow();
        NewKey second = changes.create("alice", client, "", List.of()).orElseThrow();

        assertThat(first.key()).isNotEqualTo(second.key());
        assertThat(first.writeKey().keyId()).isNotEqualTo(second.writeKey().keyId());
        assertThat(keys.findByClient(client)).hasSize(2);
        assertThat(keys.findByClient(clients.create("blog").clientId())).isEmpty();
    }

    @Test
    void storesOriginsAsBrowsersSendThemWithoutDoubles() {
        UUID client = clients.create("shop").clientId();

        WriteKey key = changes.create(
                        "alice",
                        client,
                        "web",
                        List.of("HTTPS://Shop.Example:443", "https://shop.example", "http://127.0.0.1:8080"))
                .orElseThrow()
                .writeKey();

        assertThat(keys.find(key.keyId()).orElseThrow().origins())
                .containsExactly("https://shop.example", "http://127.0.0.1:8080");
    }

    @Test
    void refusesABadOriginAndWritesNothing() {
        UUID client = clients.create("shop").clientId();

        assertThatThrownBy(() -> changes.create("alice", client, "web", List.of("https://shop.example/path")))
                .isInstanceOf(ClientRules.Violation.class)
                .hasMessageContaining("origin");
        assertThat(keys.findAll()).isEmpty();
        assertThat(audit.page(null, 10)).isEmpty();
    }

    @Test
    void makesNoKeyForAnUnknownOrRevokedClient() {
        UUID revoked = clients.create("gone").clientId();
        clients.revoke(revoked);

        assertThat(changes.create("alice", UUID.randomUUID(), "web", List.of())).isEmpty();
        assertThat(changes.create("alice", revoked, "web", List.of())).isEmpty();
        assertThat(keys.findAll()).isEmpty();
        assertThat(audit.page(null, 10)).isEmpty();
    }

    @Test
    void revokesAKeyOnceAndAuditsEachChange() {
        UUID client = clients.create("shop").clientId();
        NewKey created = changes.create("alice", client, "web", List.of("https://shop.example"))
                .orElseThrow();
        String id = created.writeKey().keyId();

        assertThat(changes.revoke("bob", created.key())).isPresent();
        assertThat(changes.revoke("bob", id)).isEmpty();
        assertThat(changes.revoke("bob", "wk_nothing")).isEmpty();

        assertThat(keys.find(id).orElseThrow().revokedAt()).isEqualTo(NOW);
        assertThat(keys.find(id).orElseThrow().active()).isFalse();
        assertThat(audit.page(null, 10))
                .extracting(
                        AuditLog.Entry::actor,
                        AuditLog.Entry::action,
                        AuditLog.Entry::clientId,
                        AuditLog.Entry::details)
                .containsExactly(
                        tuple("bob", "key_revoked", client, "key " + id + ", name: web, origins: https://shop.example"),
                        tuple(
                                "alice",
                                "key_created",
                                client,
                                "key " + id + ", name: web, origins: https://shop.example"));
    }
}
