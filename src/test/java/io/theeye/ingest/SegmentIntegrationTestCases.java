package io.theeye.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.store.ClientStore;
import io.theeye.store.SqlDialect;
import io.theeye.store.WriteKeyStore;
import io.theeye.support.ApiClient;
import io.theeye.support.Tokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Segment's tracking API ({@code /v1/*}) through real HTTP against the running application and a real database; each
 * subclass names the database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SegmentIntegrationTestCases {

    @Autowired
    Environment environment;

    @Autowired
    ClientStore clients;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SqlDialect dialect;

    private ApiClient api;
    private String token;
    private String writeKey;
    private UUID clientId;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void createClientAndWriteKey() {
        api = new ApiClient(environment.getRequiredProperty("local.server.port", Integer.class));
        ClientStore.Client client = clients.create("segment test");
        token = Tokens.valid(client.clientId(), client.secretKey());
        clientId = client.clientId();
        writeKey = insertKey("");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> post("/v1/track", track("warm-up"), basic()).statusCode() == 200);
    }

    @Test
    void storesEveryMessageTypeOfABatchAsTheMappingSays() {
        String session = UUID.randomUUID().toString();
        String batch = """
                {"batch": [
                  {"type": "track", "event": "Order Completed", "anonymousId": "%1$s", "messageId": "t-%1$s",
                   "properties": {"total": 3}, "timestamp": "2025-06-01T12:00:00Z"},
                  {"type": "page", "anonymousId": "%1$s", "properties": {"path": "/shop"}},
                  {"type": "screen", "name": "Home", "anonymousId": "%1$s"},
                  {"type": "identify", "anonymousId": "%1$s", "userId": "u1", "traits": {"plan": "pro"}},
                  {"type": "group", "anonymousId": "%1$s", "groupId": "g1"},
                  {"type": "alias", "anonymousId": "%1$s", "previousId": "p1", "userId": "u1"}
                ], "sentAt": "2025-06-01T12:00:00Z"}
                """.formatted(session);

        HttpResponse<String> response = post("/v1/batch", batch, basic());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = ApiClient.json(response);
        assertThat(body.get("success").asBoolean()).isTrue();
        assertThat(body.get("accepted").asInt()).isEqualTo(6);
        assertThat(body.get("ids").get(0).stringValue())
                .isEqualTo(SegmentMessages.derivedId(clientId(), "t-" + session).toString());
        Map<String, JsonNode> byName = new HashMap<>();
        read(session).forEach(event -> byName.put(event.get("name").stringValue(), event));
        assertThat(byName).containsOnlyKeys("Order Completed", "/shop", "Home", "identify", "group", "alias");
        JsonNode track = byName.get("Order Completed");
        assertThat(track.get("category").stringValue()).isEqualTo("track");
        assertThat(track.get("data").get("properties").get("total").asInt()).isEqualTo(3);
        assertThat(track.get("data").get("messageId").stringValue()).isEqualTo("t-" + session);
        assertThat(byName.get("/shop").get("category").stringValue()).isEqualTo("page");
        assertThat(byName.get("Home").get("category").stringValue()).isEqualTo("screen");
        assertThat(byName.get("identify").get("data").get("traits").get("plan").stringValue())
                .isEqualTo("pro");
        assertThat(byName.get("group").get("data").get("groupId").stringValue()).isEqualTo("g1");
        assertThat(byName.get("alias").get("data").get("previousId").stringValue())
                .isEqualTo("p1");
    }

    @Test
    void storesAResentMessageOnce() {
        String session = UUID.randomUUID().toString();
        String message = """
                {"event": "Clicked", "anonymousId": "%1$s", "messageId": "m-%1$s"}""".formatted(session);

        assertThat(post("/v1/track", message, basic()).statusCode()).isEqualTo(200);
        assertThat(post("/v1/t", message, basic()).statusCode()).isEqualTo(200);

        assertThat(read(session)).hasSize(1);
    }

    @Test
    void answersEveryPathWithATrailingSlashToo() {
        String session = UUID.randomUUID().toString();
        String batch = "{\"batch\": [" + track("in a batch", session).replace("{", "{\"type\": \"track\", ") + "]}";

        // Segment's Java library posts to /v1/import/.
        HttpResponse<String> imported = post("/v1/import/", batch, basic());
        HttpResponse<String> tracked = post("/v1/track/", track("alone", session), basic());

        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        assertThat(tracked.statusCode()).as(tracked.body()).isEqualTo(200);
        assertThat(read(session))
                .extracting(event -> event.get("name").stringValue())
                .containsExactlyInAnyOrder("in a batch", "alone");
    }

    @Test
    void answersAnotherMethodWith405NamingPost() {
        for (String method : List.of("GET", "PUT", "DELETE")) {
            for (String path : List.of("/v1/batch", "/v1/t/")) {
                HttpResponse<String> response = api.send(method, path, null, basic());

                assertThat(response.statusCode())
                        .as(method + " " + path + ": " + response.body())
                        .isEqualTo(405);
                assertThat(response.headers().firstValue("Allow")).contains("POST, OPTIONS");
                assertThat(ApiClient.json(response).get("error").stringValue()).isEqualTo("method_not_allowed");
            }
        }
        // Not on /events, whose GET is the query API.
        HttpResponse<String> read =
                api.send("GET", "/events?limit=1", null, Map.of("Authorization", "Bearer " + token));
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    }

    @Test
    void takesABearerTokenAWriteKeyInTheBodyAndTextPlain() {
        String session = UUID.randomUUID().toString();
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json");
        String inBody = """
                {"event": "b", "anonymousId": "%s", "writeKey": "%s"}""".formatted(session, writeKey);

        assertThat(post("/v1/track", track("a", session), bearer).statusCode()).isEqualTo(200);
        HttpResponse<String> plain = post("/v1/t", inBody, Map.of("Content-Type", "text/plain"));

        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
        assertThat(read(session))
                .hasSize(2)
                .allSatisfy(
                        event -> assertThat(event.get("data").has("writeKey")).isFalse());
    }

    @Test
    void holdsABodyWriteKeyToItsOrigins() {
        String shopKey = insertKey("https://shop.example");
        String session = UUID.randomUUID().toString();
        String body = "{\"event\": \"o\", \"anonymousId\": \"%s\", \"writeKey\": \"%s\"}".formatted(session, shopKey);

        // Inserted behind the registry's back, unlike keys create: it is seen within the refresh interval.
        await().atMost(Duration.ofSeconds(5))
                .until(() -> post("/v1/t", body, Map.of("Content-Type", "text/plain", "Origin", "https://shop.example"))
                                .statusCode()
                        != 401);
        HttpResponse<String> fromShop =
                post("/v1/t", body, Map.of("Content-Type", "text/plain", "Origin", "https://shop.example"));
        HttpResponse<String> fromElsewhere =
                post("/v1/t", body, Map.of("Content-Type", "text/plain", "Origin", "https://evil.example"));

        assertThat(fromShop.statusCode()).as(fromShop.body()).isEqualTo(200);
        assertThat(fromShop.headers().firstValue("Access-Control-Allow-Origin")).contains("https://shop.example");
        assertThat(fromElsewhere.statusCode()).isEqualTo(403);
        assertThat(ApiClient.json(fromElsewhere).get("error").stringValue()).isEqualTo("origin_not_allowed");
        assertThat(read(session)).hasSize(2);
    }

    @Test
    void refusesABodyWithoutCredentialsOrWithAnUnknownKey() {
        assertThat(post("/v1/track", track("x"), Map.of("Content-Type", "application/json"))
                        .statusCode())
                .isEqualTo(401);
        String unknown = "{\"event\": \"x\", \"userId\": \"u\", \"writeKey\": \"wk_unknown\"}";
        assertThat(post("/v1/track", unknown, Map.of("Content-Type", "text/plain"))
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void takesAGzipBody() throws IOException {
        String session = UUID.randomUUID().toString();
        String batch = "{\"batch\": [" + track("zipped", session).replace("{", "{\"type\": \"track\", ") + "]}";
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(batch.getBytes(StandardCharsets.UTF_8));
        }
        Map<String, String> headers = new HashMap<>(basic());
        headers.put("Content-Encoding", "gzip");

        HttpResponse<String> response = send("/v1/import", zipped.toByteArray(), headers);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(read(session)).hasSize(1);
    }

    @Test
    void answersPerMessageRefusalsBesideTheAcceptedOnes() {
        String session = UUID.randomUUID().toString();
        String batch = """
                {"batch": [{"type": "track", "event": "ok", "anonymousId": "%s"}, {"type": "purchase"},
                           {"type": "track", "anonymousId": "x"}]}""".formatted(session);

        HttpResponse<String> response = post("/v1/b", batch, basic());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = ApiClient.json(response);
        assertThat(body.get("success").asBoolean()).isTrue();
        assertThat(body.get("accepted").asInt()).isEqualTo(1);
        assertThat(body.get("rejected").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(body.get("rejected").get(0).get("errors").get(0).get("field").stringValue())
                .isEqualTo("type");
        assertThat(body.get("rejected").get(1).get("index").asInt()).isEqualTo(2);
        HttpResponse<String> none = post("/v1/batch", "{\"batch\": [{\"type\": \"purchase\"}]}", basic());
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(ApiClient.json(none).get("success").asBoolean()).isFalse();
    }

    @Test
    void appliesABatchsContextAndIntegrationsToEachMessage() {
        String session = UUID.randomUUID().toString();
        String batch = """
                {"batch": [{"type": "track", "event": "shared", "anonymousId": "a-%1$s"},
                           {"type": "track", "event": "own", "anonymousId": "a-%1$s",
                            "context": {"sessionId": "%1$s", "app": {"version": "2"}}}],
                 "context": {"sessionId": "%1$s", "app": {"name": "shop", "version": "1"}},
                 "integrations": {"All": false}}""".formatted(session);

        assertThat(post("/v1/batch", batch, basic()).statusCode()).isEqualTo(200);

        Map<String, JsonNode> byName = new HashMap<>();
        read(session).forEach(event -> byName.put(event.get("name").stringValue(), event));
        assertThat(byName).containsOnlyKeys("shared", "own");
        assertThat(byName.get("shared").at("/data/context/app/version").stringValue())
                .isEqualTo("1");
        assertThat(byName.get("own").at("/data/context/app/version").stringValue())
                .isEqualTo("2");
        assertThat(byName.get("own").at("/data/context/app/name").stringValue()).isEqualTo("shop");
        assertThat(byName.get("own").at("/data/integrations/All").booleanValue())
                .isFalse();
    }

    @Test
    void keepsABodyRefusedAsAWholeInRejectedEvents() {
        String marker = UUID.randomUUID().toString();
        String malformed = "{\"batch\": [{\"event\": \"" + marker + "\"";
        String empty = "{\"batch\": [], \"note\": \"" + marker + "\"}";

        HttpResponse<String> broken = post("/v1/batch", malformed, basic());
        HttpResponse<String> none = post("/v1/batch", empty, basic());

        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(ApiClient.json(broken).get("error").stringValue()).isEqualTo("malformed_json");
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(ApiClient.json(none).get("errors").get(0).get("field").stringValue())
                .isEqualTo("batch");
        HttpResponse<String> rejected =
                api.send("GET", "/rejected-events?limit=100", null, Map.of("Authorization", "Bearer " + token));
        java.util.List<String> raws = new java.util.ArrayList<>();
        ApiClient.json(rejected)
                .get("results")
                .forEach(refusal -> raws.add(refusal.get("raw").stringValue()));
        assertThat(raws).contains(malformed, empty);
    }

    private UUID clientId() {
        return clientId;
    }

    /** A new write key of the test's client, as {@code keys create} stores it (only its hash). */
    private String insertKey(String origins) {
        String key = "wk_" + UUID.randomUUID().toString().replace("-", "") + "0123456789a";
        jdbc.sql("insert into write_keys (key_id, key_hash, client_id, name, origins, created_at)"
                        + " values (?, ?, ?, ?, ?, ?)")
                .params(
                        key.substring(0, 11),
                        WriteKeyStore.hash(key),
                        dialect.uuid(clientId),
                        "segment",
                        origins,
                        dialect.timestamp(Instant.now()))
                .update();
        return key;
    }

    private static String track(String name) {
        return track(name, "s-" + UUID.randomUUID());
    }

    private static String track(String name, String session) {
        return "{\"event\": \"%s\", \"anonymousId\": \"%s\"}".formatted(name, session);
    }

    private java.util.List<JsonNode> read(String session) {
        HttpResponse<String> response =
                api.send("GET", "/events?session_id=" + session, null, Map.of("Authorization", "Bearer " + token));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        java.util.List<JsonNode> events = new java.util.ArrayList<>();
        ApiClient.json(response).get("results").forEach(events::add);
        return events;
    }

    private Map<String, String> basic() {
        String credentials = Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
        return Map.of("Authorization", "Basic " + credentials, "Content-Type", "application/json");
    }

    private HttpResponse<String> post(String path, String body, Map<String, String> headers) {
        return send(path, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    private HttpResponse<String> send(String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + environment.getRequiredProperty("local.server.port") + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
