package io.theeye.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import io.theeye.auth.PasswordHashing;
import io.theeye.store.AuditLog;
import io.theeye.store.ClientChanges;
import io.theeye.store.ClientStore;
import io.theeye.store.ClientStore.RateLimit;
import io.theeye.store.UserStore;
import io.theeye.support.ApiClient;
import io.theeye.support.TestDatabases;
import io.theeye.support.Tokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
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
 * The Clients page's forms through real HTTP: a client's own rate limit, set and cleared, audited and applied at
 * once; and the rules it shares with the command line (names stripped, grace periods up to a year).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"the-eye.rate-limit.events-per-second=1", "the-eye.rate-limit.burst=1000"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminClientsIntegrationTests {

    private static final String USER = "dora";
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
        assertThat(session.signIn(USER, PASSWORD).headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/admin"));
    }

    @Test
    void showsTheTimestampAsSentOfAnEventCorrectedForItsSendersClock() {
        ClientStore.Client client = clients.create("fast clock");
        String token = Tokens.valid(client.clientId(), client.secretKey());
        ApiClient api = new ApiClient(port);
        String event = """
                {"session_id": "s", "category": "c", "name": "n", "timestamp": "2024-03-01T10:00:00.000001Z",\
                 "sent_at": "2024-03-01T10:00:00.000001Z"}""";
        // Accepted once the API processes have seen the new client.
        HttpResponse<String> sent = await().atMost(Duration.ofSeconds(5))
                .until(() -> api.postEvents(token, event), r -> r.statusCode() == 202);
        String id = ApiClient.json(sent).get("ids").get(0).stringValue();

        HttpResponse<String> page = session.get("/admin/events/" + client.clientId() + "/" + id);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("original_timestamp").contains("2024-03-01T10:00:00.000001Z");
    }

    @Test
    void setsAClientsOwnRateLimitWhichAppliesAtOnceAndClearsIt() {
        ClientStore.Client client = changes.create("setup", "limited", false);
        String token = Tokens.valid(client.clientId(), client.secretKey());
        ApiClient api = new ApiClient(port);

        HttpResponse<String> set = session.post(
                "/admin/clients/" + client.clientId() + "/limit", Map.of("eventsPerSecond", "1", "burst", "300"), true);

        assertThat(set.statusCode()).isEqualTo(302);
        assertThat(clients.findById(client.clientId()).orElseThrow().rateLimit())
                .isEqualTo(new RateLimit(1, 300));
        assertThat(session.get("/admin/clients").body()).contains("1 event per second, up to 300 at once");
        assertThat(api.postEvents(token, events(300)).statusCode()).isEqualTo(202);
        HttpResponse<String> refused = api.postEvents(token, events(300));
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(ApiClient.json(refused).get("message").stringValue()).contains("up to 300 at once");

        HttpResponse<String> cleared =
                session.post("/admin/clients/" + client.clientId() + "/limit/clear", Map.of(), true);

        assertThat(cleared.statusCode()).isEqualTo(302);
        assertThat(clients.findById(client.clientId()).orElseThrow().rateLimit())
                .isNull();
        assertThat(api.postEvents(token, events(600)).statusCode()).isEqualTo(202);
        assertThat(audit.page(null, 10))
                .filteredOn(entry -> client.clientId().equals(entry.clientId())
                        && entry.actor().equals(USER))
                .extracting(AuditLog.Entry::action, AuditLog.Entry::details)
                .containsExactly(
                        tuple("rate_limit_cleared", "the default applies"),
                        tuple("rate_limit_set", "1 event per second, up to 300 at once"));
    }

    @Test
    void refusesARateLimitItCannotUseNamingTheField() {
        ClientStore.Client client = changes.create("setup", "kept", false);
        String path = "/admin/clients/" + client.clientId() + "/limit";

        HttpResponse<String> notANumber = session.post(path, Map.of("eventsPerSecond", "many"), true);
        HttpResponse<String> negative = session.post(path, Map.of("eventsPerSecond", "5", "burst", "-1"), true);
        HttpResponse<String> tooMany = session.post(path, Map.of("eventsPerSecond", "1000001"), true);

        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(notANumber.body()).contains("events per second: a whole number from 0 (no limit) to 1000000");
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(negative.body()).contains("burst: a whole number from 0");
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(clients.findById(client.clientId()).orElseThrow().rateLimit())
                .isNull();
        HttpResponse<String> unknown =
                session.post("/admin/clients/" + UUID.randomUUID() + "/limit", Map.of("eventsPerSecond", "5"), true);
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void refusesAGraceLongerThanAYearAsTheCommandLineDoes() {
        ClientStore.Client client = changes.create("setup", "rotated", false);

        HttpResponse<String> refused =
                session.post("/admin/clients/" + client.clientId() + "/rotate", Map.of("grace", "366d"), true);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("grace: from 0s to 365d");
        assertThat(clients.findById(client.clientId()).orElseThrow().secretKey())
                .isEqualTo(client.secretKey());
        assertThat(session.post("/admin/clients/" + client.clientId() + "/rotate", Map.of("grace", "365d"), true)
                        .statusCode())
                .isEqualTo(302);
        assertThat(clients.findById(client.clientId()).orElseThrow().previousSecretExpiresAt())
                .isAfter(Instant.now().plus(Duration.ofDays(364)));
    }

    @Test
    void storesANameWithoutSurroundingWhiteSpaceAsTheCommandLineDoes() {
        String name = "stripped " + UUID.randomUUID();

        HttpResponse<String> created = session.post("/admin/clients", Map.of("name", "  " + name + "\t "), true);

        assertThat(created.statusCode()).isEqualTo(302);
        assertThat(clients.findAll()).extracting(ClientStore.Client::name).contains(name);
        HttpResponse<String> blank = session.post("/admin/clients", Map.of("name", " \t "), true);
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(blank.body()).contains("name: 1 to 200 characters");
    }

    private static String events(int count) {
        String event = "{\"session_id\": \"s\", \"category\": \"c\", \"name\": \"n\"}";
        return "[" + String.join(",", Collections.nCopies(count, event)) + "]";
    }
}
