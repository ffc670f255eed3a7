package io.theeye.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.theeye.auth.PasswordHashing;
import io.theeye.store.AuditLog;
import io.theeye.store.ClientChanges;
import io.theeye.store.ClientStore;
import io.theeye.store.ClientStore.RateLimit;
import io.theeye.store.UserStore;
import io.theeye.store.WriteKeyStore;
import io.theeye.support.ApiClient;
import io.theeye.support.TestDatabases;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The Write keys page's forms through real HTTP, as {@code bin/the-eye keys} does it: a key made there is shown once
 * and sends its client's events, is listed by its key_id, is held to a rate limit of its own, is refused once revoked;
 * every change is audited under the admin's name.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminKeysIntegrationTests {

    private static final String USER = "kira";
    private static final String PASSWORD = "correct horse battery";
    private static final Pattern NEW_KEY = Pattern.compile("id=\"new-write-key\">(wk_[A-Za-z0-9_-]+)<");
    private static final String EVENT = "{\"session_id\": \"s\", \"category\": \"c\", \"name\": \"n\"}";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.useSqlite(registry);
    }

    @Autowired
    Environment environment;

    @Autowired
    UserStore users;

    @Autowired
    ClientChanges clients;

    @Autowired
    WriteKeyStore keys;

    @Autowired
    AuditLog audit;

    private int port;
    private AdminSession session;
    private ApiClient api;

    @BeforeAll
    void createUser() {
        port = environment.getRequiredProperty("local.server.port", Integer.class);
        users.createSuperuser(USER, PasswordHashing.encoder().encode(PASSWORD));
        api = new ApiClient(port);
    }

    @BeforeEach
    void signIn() {
        session = new AdminSession(port);
        assertThat(session.signIn(USER, PASSWORD).statusCode()).isEqualTo(302);
    }

    @Test
    void createsAKeyShownOnceThatSendsItsClientsEventsAndRevokesIt() {
        ClientStore.Client client = clients.create("setup", "web shop", false);

        HttpResponse<String> created = session.post(
                "/admin/keys",
                Map.of(
                        "clientId",
                        client.clientId().toString(),
                        "name",
                        "storefront",
                        "origins",
                        "https://shop.example\r\nhttps://Beta.shop.example:8443, https://shop.example"),
                true);

        assertThat(created.statusCode()).isEqualTo(302);
        assertThat(created.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/admin/keys"));
        String page = session.get("/admin/keys").body();
        Matcher shown = NEW_KEY.matcher(page);
        assertThat(shown.find()).isTrue();
        String writeKey = shown.group(1);
        String keyId = writeKey.substring(0, 11);
        assertThat(session.get("/admin/keys").body())
                .doesNotContain(writeKey)
                .contains(keyId)
                .contains("storefront")
                .contains("web shop")
                .contains("https://shop.example https://beta.shop.example:8443");
        assertThat(keys.find(keyId).orElseThrow().clientId()).isEqualTo(client.clientId());
        await().atMost(Duration.ofSeconds(5)).until(() -> send(writeKey).statusCode() == 202);

        HttpResponse<String> revoked = session.post("/admin/keys/" + keyId + "/revoke", Map.of(), true);

        assertThat(revoked.statusCode()).isEqualTo(302);
        await().atMost(Duration.ofSeconds(5)).until(() -> send(writeKey).statusCode() == 401);
        assertThat(session.get("/admin/keys").body()).contains("Write key " + keyId + " revoked.");
        assertThat(keys.find(keyId).orElseThrow().active()).isFalse();
        String audit = session.get("/admin/audit").body();
        assertThat(audit)
                .contains("key_created")
                .contains("key_revoked")
                .contains("key " + keyId + ", name: storefront, origins: https://shop.example"
                        + " https://beta.shop.example:8443");
        assertThat(audit).contains(USER);
    }

    @Test
    void givesAKeyARateLimitOfItsOwnAtCreationChangesItAndClearsItEachAuditedAndAppliedAtOnce() {
        ClientStore.Client client = clients.create("setup", "limited shop", false);
        HttpResponse<String> created = session.post(
                "/admin/keys",
                Map.of(
                        "clientId",
                        client.clientId().toString(),
                        "name",
                        "kiosk",
                        "eventsPerSecond",
                        "1",
                        "burst",
                        "300"),
                true);
        assertThat(created.statusCode()).isEqualTo(302);
        Matcher shown = NEW_KEY.matcher(session.get("/admin/keys").body());
        assertThat(shown.find()).isTrue();
        String writeKey = shown.group(1);
        String keyId = writeKey.substring(0, 11);
        assertThat(keys.find(keyId).orElseThrow().rateLimit()).isEqualTo(new RateLimit(1, 300));
        assertThat(session.get("/admin/keys").body()).contains("1 event per second, up to 300 at once");
        assertThat(send(writeKey, 300).statusCode()).isEqualTo(202);
        HttpResponse<String> refused = send(writeKey, 100);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(ApiClient.json(refused).get("message").stringValue()).contains("write key " + keyId);

        HttpResponse<String> withoutCsrf =
                session.post("/admin/keys/" + keyId + "/limit", Map.of("eventsPerSecond", "1", "burst", "900"), false);
        HttpResponse<String> outOfRange =
                session.post("/admin/keys/" + keyId + "/limit", Map.of("eventsPerSecond", "many", "burst", ""), true);
        HttpResponse<String> unknown =
                session.post("/admin/keys/wk_unknown0/limit", Map.of("eventsPerSecond", "5"), true);
        HttpResponse<String> set =
                session.post("/admin/keys/" + keyId + "/limit", Map.of("eventsPerSecond", "1", "burst", "600"), true);

        assertThat(withoutCsrf.statusCode()).isEqualTo(403);
        assertThat(outOfRange.statusCode()).isEqualTo(400);
        assertThat(outOfRange.body()).contains("events per second: a whole number from 0 (no limit) to 1000000");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(set.statusCode()).isEqualTo(302);
        assertThat(session.get("/admin/keys").body())
                .contains("Write key " + keyId + ": 1 event per second, up to 600 at once, besides its client");
        // A change made by this process applies at once: a new, full bucket of 600.
        assertThat(send(writeKey, 600).statusCode()).isEqualTo(202);
        assertThat(send(writeKey, 100).statusCode()).isEqualTo(429);

        HttpResponse<String> cleared = session.post("/admin/keys/" + keyId + "/limit/clear", Map.of(), true);

        assertThat(cleared.statusCode()).isEqualTo(302);
        assertThat(keys.find(keyId).orElseThrow().rateLimit()).isNull();
        assertThat(send(writeKey, 1000).statusCode()).isEqualTo(202);
        assertThat(audit.page(null, 10))
                .filteredOn(entry -> client.clientId().equals(entry.clientId())
                        && entry.actor().equals(USER))
                .extracting(AuditLog.Entry::action, AuditLog.Entry::details)
                .containsExactly(
                        tuple("key_rate_limit_cleared", "key " + keyId + ": the client's limit only"),
                        tuple("key_rate_limit_set", "key " + keyId + ": 1 event per second, up to 600 at once"),
                        tuple(
                                "key_created",
                                "key " + keyId + ", name: kiosk, origins: any, rate limit: 1 event per second, up"
                                        + " to 300 at once"));
    }

    @Test
    void linksThePageFromTheNavigation() {
        assertThat(session.get("/admin").body()).contains("href=\"/admin/keys\"");
    }

    @Test
    void refusesAnOriginThatIsNoneNamingTheField() {
        ClientStore.Client client = clients.create("setup", "refused", false);

        HttpResponse<String> refused = session.post(
                "/admin/keys",
                Map.of("clientId", client.clientId().toString(), "origins", "https://shop.example/checkout"),
                true);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("origin: an origin such as https://shop.example");
        assertThat(keys.findByClient(client.clientId())).isEmpty();
        HttpResponse<String> noClient = session.post("/admin/keys", Map.of("clientId", "shop"), true);
        assertThat(noClient.statusCode()).isEqualTo(400);
        assertThat(noClient.body()).contains("client: choose an active client");
    }

    private HttpResponse<String> send(String writeKey) {
        return send(writeKey, EVENT);
    }

    private HttpResponse<String> send(String writeKey, int events) {
        return send(writeKey, "[" + String.join(",", Collections.nCopies(events, EVENT)) + "]");
    }

    private HttpResponse<String> send(String writeKey, String body) {
        String basic = Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
        return api.send(
                "POST", "/events", body, Map.of("Authorization", "Basic " + basic, "Content-Type", "application/json"));
    }
}
