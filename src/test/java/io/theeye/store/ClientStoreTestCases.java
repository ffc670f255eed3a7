package io.theeye.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.store.ClientStore.Client;
import io.theeye.store.ClientStore.RateLimit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What {@link ClientStore} and {@link ClientChanges} promise about rotation, re-activation, last use and the audit
 * log, on each database; each subclass names the database.
 */
abstract class ClientStoreTestCases {

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07.123456Z");

    private HikariDataSource dataSource;
    private ClientStore clients;
    private ClientChanges changes;
    private AuditLog audit;
    private JdbcClient jdbc;

    abstract HikariDataSource newDatabase();

    @BeforeEach
    void setUp() {
        dataSource = newDatabase();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        clients = TestStores.clientStore(dataSource, clock);
        audit = TestStores.auditLog(dataSource, clock);
        changes = TestStores.clientChanges(dataSource, clients, audit);
        jdbc = JdbcClient.create(dataSource);
    }

    @AfterEach
    void tearDown() {
        dataSource.close();
    }

    @Test
    void rotationKeepsTheOldSecretUntilTheEndOfTheGracePeriod() {
        Client before = clients.create("shop");

        Client after = clients.rotate(before.clientId(), Duration.ofHours(24)).orElseThrow();

        assertThat(after.secretKey()).isNotEqualTo(before.secretKey()).hasSize(43);
        assertThat(after.previousSecretKey()).isEqualTo(before.secretKey());
        assertThat(after.previousSecretExpiresAt()).isEqualTo(NOW.plus(Duration.ofHours(24)));
        assertThat(after.acceptsPreviousSecret(NOW.plus(Duration.ofHours(23)))).isTrue();
        assertThat(after.acceptsPreviousSecret(NOW.plus(Duration.ofHours(24)))).isFalse();
        assertThat(clients.findById(before.clientId())).contains(after);
    }

    @Test
    void rotatingAgainDropsTheSecretOfTheFirstRotation() {
        Client first = clients.create("shop");
        Client second = clients.rotate(first.clientId(), Duration.ofHours(1)).orElseThrow();

        Client third = clients.rotate(first.clientId(), Duration.ofMinutes(5)).orElseThrow();

        assertThat(third.previousSecretKey()).isEqualTo(second.secretKey());
        assertThat(third.previousSecretExpiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        assertThat(third.secretKey()).isNotIn(first.secretKey(), second.secretKey());
    }

    @Test
    void keepsWhetherAClientManagesPayloadSchemas() {
        Client admin = clients.create("ops", false, true);
        Client shop = clients.create("shop", true);

        assertThat(clients.findById(admin.clientId()))
                .hasValueSatisfying(c -> assertThat(c.admin()).isTrue());
        assertThat(clients.findById(shop.clientId()))
                .hasValueSatisfying(c -> assertThat(c.admin()).isFalse());
        assertThat(clients.findAll()).extracting(Client::admin).containsExactlyInAnyOrder(true, false);
    }

    @Test
    void rotatingAnUnknownClientChangesNothing() {
        assertThat(clients.rotate(UUID.randomUUID(), Duration.ofHours(1))).isEmpty();
    }

    @Test
    void reactivationLetsARevokedClientInWithItsSecret() {
        Client client = clients.create("shop");
        clients.revoke(client.clientId());

        assertThat(clients.reactivate(client.clientId())).isTrue();

        Client again = clients.findById(client.clientId()).orElseThrow();
        assertThat(again.active()).isTrue();
        assertThat(again.secretKey()).isEqualTo(client.secretKey());
        assertThat(clients.reactivate(client.clientId())).isFalse();
    }

    @Test
    void lastUseNeverGoesBack() {
        Client client = clients.create("shop");
        Instant later = NOW.plusSeconds(90);

        clients.recordLastUse(Map.of(client.clientId(), later));
        clients.recordLastUse(Map.of(client.clientId(), NOW));

        assertThat(clients.findById(client.clientId()).orElseThrow().lastUsedAt())
                .isEqualTo(later);
    }

    @Test
    void eachChangeIsRecordedWithWhoMadeIt() {
        Client client = changes.create("alice", "shop", true);
        changes.rotate("cli:bob", client.clientId(), Duration.ofHours(24));
        changes.revoke("alice", client.clientId());
        changes.reactivate("alice", client.clientId());
        changes.revoke("alice", UUID.randomUUID());

        assertThat(audit.page(null, 10))
                .extracting(AuditLog.Entry::actor, AuditLog.Entry::action, AuditLog.Entry::clientId)
                .containsExactly(
                        tuple("alice", "reactivated", client.clientId()),
                        tuple("alice", "revoked", client.clientId()),
                        tuple("cli:bob", "rotated", client.clientId()),
                        tuple("alice", "created", client.clientId()));
        assertThat(audit.page(null, 10).getLast().details()).isEqualTo("name: shop, reads all");
        assertThat(audit.page(null, 10).get(2).details()).contains("grace 24h");
        assertThat(audit.page(null, 10).getFirst().at()).isEqualTo(NOW);
    }

    @Test
    void auditPagesGoBackInTime() {
        for (int i = 0; i < 5; i++) {
            changes.create("alice", "client " + i, false);
        }

        var first = audit.page(null, 3);
        var second = audit.page(first.getLast().id(), 3);

        assertThat(first)
                .extracting(AuditLog.Entry::details)
                .containsExactly("name: client 4", "name: client 3", "name: client 2");
        assertThat(second).extracting(AuditLog.Entry::details).containsExactly("name: client 1", "name: client 0");
    }

    @Test
    void aChangeWhoseRecordFailsIsNotMade() {
        Client client = clients.create("shop");
        jdbc.sql("drop table audit_log").update();

        assertThatThrownBy(() -> changes.revoke("alice", client.clientId())).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> changes.rotate("alice", client.clientId(), Duration.ofHours(1)))
                .isInstanceOf(RuntimeException.class);

        Client unchanged = clients.findById(client.clientId()).orElseThrow();
        assertThat(unchanged.active()).isTrue();
        assertThat(unchanged.secretKey()).isEqualTo(client.secretKey());
    }

    @Test
    void keepsAClientsOwnRateLimitUntilItIsCleared() {
        Client client = clients.create("shop");
        assertThat(client.rateLimit()).isNull();

        assertThat(changes.limit("alice", client.clientId(), new RateLimit(100, 500)))
                .isTrue();
        assertThat(clients.findById(client.clientId()).orElseThrow().rateLimit())
                .isEqualTo(new RateLimit(100, 500));
        assertThat(clients.findAll()).extracting(Client::rateLimit).containsExactly(new RateLimit(100, 500));

        assertThat(changes.limit("alice", client.clientId(), new RateLimit(0, 0)))
                .isTrue();
        assertThat(clients.findById(client.clientId()).orElseThrow().rateLimit())
                .isEqualTo(new RateLimit(0, 0));

        assertThat(changes.clearLimit("cli:bob", client.clientId())).isTrue();
        assertThat(clients.findById(client.clientId()).orElseThrow().rateLimit())
                .isNull();
        assertThat(audit.page(null, 3))
                .extracting(AuditLog.Entry::actor, AuditLog.Entry::action, AuditLog.Entry::details)
                .containsExactly(
                        tuple("cli:bob", "rate_limit_cleared", "the default applies"),
                        tuple("alice", "rate_limit_set", "no limit"),
                        tuple("alice", "rate_limit_set", "100 events per second, up to 500 at once"));
    }

    @Test
    void limitingAnUnknownClientChangesNothingAndRecordsNothing() {
        assertThat(changes.limit("alice", UUID.randomUUID(), new RateLimit(10, 0)))
                .isFalse();
        assertThat(changes.clearLimit("alice", UUID.randomUUID())).isFalse();

        assertThat(audit.page(null, 10)).isEmpty();
    }

    @Test
    void changesFollowTheRulesWhoeverMakesThem() {
        Client client = changes.create("alice", "  shop\t", false);

        assertThat(client.name()).isEqualTo("shop");
        assertThat(clients.findById(client.clientId()).orElseThrow().name()).isEqualTo("shop");
        assertThatThrownBy(() -> changes.create("alice", " ", false)).isInstanceOf(ClientRules.Violation.class);
        assertThatThrownBy(() -> changes.rotate("alice", client.clientId(), Duration.ofDays(366)))
                .isInstanceOf(ClientRules.Violation.class);
        assertThatThrownBy(() -> changes.limit("alice", client.clientId(), new RateLimit(-1, 0)))
                .isInstanceOf(ClientRules.Violation.class);
        assertThat(clients.findById(client.clientId()).orElseThrow())
                .returns(client.secretKey(), Client::secretKey)
                .returns(null, Client::rateLimit);
    }
}
