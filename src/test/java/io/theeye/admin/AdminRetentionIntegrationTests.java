package io.theeye.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.theeye.auth.PasswordHashing;
import io.theeye.store.AuditLog;
import io.theeye.store.ClientChanges;
import io.theeye.store.ClientStore;
import io.theeye.store.UserStore;
import io.theeye.support.TestDatabases;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A client's own retention on the Clients page, through real HTTP: set and cleared, shown, audited under the admin's
 * name, and refused out of range with the field named, as the command line refuses it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "the-eye.retention.events=90d")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminRetentionIntegrationTests {

    private static final String USER = "rita";
    private static final String PASSWORD = "correct horse battery";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.useSqlite(registry);
    }

    @Autowired
    Environment environment;

    @Autowired
    UserStore users;

    @Autowired
    ClientStore clients;

    @Autowired
    ClientChanges changes;

    @Autowired
    AuditLog audit;

    private int port;
    private AdminSession session;

    @BeforeAll
    void createUser() {
        port = environment.getRequiredProperty("local.server.port", Integer.class);
        users.createSuperuser(USER, PasswordHashing.encoder().encode(PASSWORD));
    }

    @BeforeEach
    void signIn() {
        session = new AdminSession(port);
        session.signIn(USER, PASSWORD);
    }

    @Test
    void setsAClientsOwnRetentionShowsItAndReturnsItToTheDefaultAudited() {
        ClientStore.Client client = changes.create("setup", "kept a week", false);
        String path = "/admin/clients/" + client.clientId() + "/retention";

        assertThat(session.get("/admin/clients").body()).contains("default (90d)");
        HttpResponse<String> set = session.post(path, Map.of("days", " 7 "), true);

        assertThat(set.statusCode()).isEqualTo(302);
        assertThat(clients.retentionDays()).containsEntry(client.clientId(), 7);
        assertThat(session.get("/admin/clients").body()).contains("7 days");

        HttpResponse<String> cleared = session.post(path + "/clear", Map.of(), true);

        assertThat(cleared.statusCode()).isEqualTo(302);
        assertThat(clients.retentionDays()).doesNotContainKey(client.clientId());
        assertThat(audit.page(null, 10))
                .filteredOn(entry -> client.clientId().equals(entry.clientId())
                        && entry.actor().equals(USER))
                .extracting(AuditLog.Entry::action, AuditLog.Entry::details)
                .containsExactly(
                        tuple("retention_cleared", "the default applies"),
                        tuple("retention_set", "events kept 7 days"));
    }

    @Test
    void refusesDaysOutOfRangeNamingTheFieldAndChangesNothing() {
        ClientStore.Client client = changes.create("setup", "unchanged", false);
        String path = "/admin/clients/" + client.clientId() + "/retention";

        for (String days : new String[] {"0", "-3", "36501", "a week", ""}) {
            HttpResponse<String> refused = session.post(path, Map.of("days", days), true);
            assertThat(refused.statusCode()).as("days=%s", days).isEqualTo(400);
            assertThat(refused.body()).contains("days: a whole number of days from 1 to 36500");
        }
        assertThat(clients.retentionDays()).doesNotContainKey(client.clientId());
        assertThat(session.post("/admin/clients/" + UUID.randomUUID() + "/retention", Map.of("days", "7"), true)
                        .statusCode())
                .isEqualTo(404);
        assertThat(session.post("/admin/clients/" + UUID.randomUUID() + "/retention/clear", Map.of(), true)
                        .statusCode())
                .isEqualTo(404);
    }
}
