package io.theeye.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.TheEyeApplication;
import io.theeye.support.ApiClient;
import io.theeye.support.Tokens;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Write keys made and revoked with {@code keys ...} while the server runs (the command line opening the database on
 * its own, as another process would): a key sends its client's events over HTTP Basic at once, reads nothing, is
 * refused within the clients' refresh interval once revoked, holds browsers to the origins it lists, and is held to a
 * rate limit of its own besides its client's. Each subclass names the database the command line and the server share.
 */
@SpringBootTest(classes = TheEyeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class WriteKeyIntegrationTestCases {

    private static final String SHOP = "https://shop.example";
    private static final String SEGMENT = "{\"type\": \"track\", \"event\": \"e\", \"anonymousId\": \"s\"}";

    @Autowired
    Environment environment;

    private ApiClient api;
    private String clientId;
    private String token;

    /** The command line's options that point it at the server's database. */
    abstract String[] databaseOptions();

    @BeforeEach
    void createClient() {
        api = new ApiClient(environment.getRequiredProperty("local.server.port", Integer.class));
        JsonNode client = JsonMapper.shared().readTree(cli("clients", "create", "--name", "web shop", "--json"));
        clientId = client.get("client_id").stringValue();
        token = Tokens.valid(UUID.fromString(clientId), client.get("secret_key").stringValue());
    }

    @Test
    void aNewKeySendsEventsOfItsClientAtOnce() {
        JsonNode key = createKey();
        String session = UUID.randomUUID().toString();

        HttpResponse<String> sent = post(key.get("write_key").stringValue(), event(session), Map.of());

        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        JsonNode page = ApiClient.json(
                api.send("GET", "/events?session_id=" + session, null, Map.of("Authorization", "Bearer " + token)));
        assertThat(page.get("results")).hasSize(1);
        assertThat(page.get("results").get(0).get("name").stringValue()).isEqualTo("view");
        // Another client does not see them: they are the key's client's.
        JsonNode other = JsonMapper.shared().readTree(cli("clients", "create", "--name", "other", "--json"));
        Map<String, String> otherToken = Map.of(
                "Authorization",
                "Bearer "
                        + Tokens.valid(
                                UUID.fromString(other.get("client_id").stringValue()),
                                other.get("secret_key").stringValue()));
        HttpResponse<String> othersView = await().atMost(Duration.ofSeconds(5))
                .until(
                        () -> api.send("GET", "/events?session_id=" + session, null, otherToken),
                        response -> response.statusCode() == 200);
        assertThat(ApiClient.json(othersView).get("results")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/events", "/events/export", "/stats?interval=day", "/rejected-events", "/schemas"})
    void aKeyReadsNothing(String path) {
        String key = createKey().get("write_key").stringValue();

        HttpResponse<String> response = api.send("GET", path, null, Map.of("Authorization", basic(key)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(ApiClient.json(response).get("error").stringValue()).isEqualTo("insufficient_scope");
    }

    @Test
    void anUnknownKeyIsRefusedLikeABadToken() {
        HttpResponse<String> unknown = post("wk_" + "A".repeat(43), event("s"), Map.of());
        HttpResponse<String> malformed = api.send(
                "POST",
                "/events",
                event("s"),
                Map.of("Authorization", "Basic not base64!", "Content-Type", "application/json"));
        HttpResponse<String> reading =
                api.send("GET", "/events", null, Map.of("Authorization", basic("wk_" + "A".repeat(43))));

        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(ApiClient.json(unknown).get("error").stringValue()).isEqualTo("invalid_token");
        assertThat(malformed.statusCode()).isEqualTo(401);
        assertThat(ApiClient.json(malformed).get("message").stringValue()).contains("malformed authorization header");
        assertThat(reading.statusCode()).isEqualTo(401);
    }

    @Test
    void aRevokedKeyIsRefusedWithinSeconds() {
        JsonNode key = createKey();
        String writeKey = key.get("write_key").stringValue();
        assertThat(post(writeKey, event("s"), Map.of()).statusCode()).isEqualTo(202);

        String revoked = cli("keys", "revoke", key.get("key_id").stringValue());

        assertThat(revoked).contains("Write key " + key.get("key_id").stringValue() + " revoked.");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> post(writeKey, event("s"), Map.of()).statusCode() == 401);
        // The client's own token still sends.
        assertThat(api.postEvents(token, event("s")).statusCode()).isEqualTo(202);
    }

    @Test
    void theKeyOfARevokedClientIsRefused() {
        String writeKey = createKey().get("write_key").stringValue();
        assertThat(post(writeKey, event("s"), Map.of()).statusCode()).isEqualTo(202);

        cli("clients", "revoke", clientId);

        await().atMost(Duration.ofSeconds(5))
                .until(() -> post(writeKey, event("s"), Map.of()).statusCode() == 401);
    }

    @Test
    void aKeyListingOriginsSendsFromThemAndTheAnswerNamesTheOrigin() {
        String writeKey = createKey("--origin", SHOP, "--origin", "http://localhost:8080")
                .get("write_key")
                .stringValue();

        HttpResponse<String> fromShop = post(writeKey, event("s"), Map.of("Origin", SHOP));
        HttpResponse<String> fromLocalhost = post(writeKey, event("s"), Map.of("Origin", "http://localhost:8080"));

        assertThat(fromShop.statusCode()).as(fromShop.body()).isEqualTo(202);
        assertThat(fromShop.headers().firstValue("Access-Control-Allow-Origin")).contains(SHOP);
        assertThat(fromShop.headers().allValues("Vary"))
                .anySatisfy(vary -> assertThat(vary).contains("Origin"));
        assertThat(fromLocalhost.statusCode()).isEqualTo(202);
        assertThat(fromLocalhost.headers().firstValue("Access-Control-Allow-Origin"))
                .contains("http://localhost:8080");
    }

    @Test
    void aKeyListingOriginsIsRefusedFromAnotherOrigin() {
        String writeKey = createKey("--origin", SHOP).get("write_key").stringValue();

        HttpResponse<String> refused = post(writeKey, event("s"), Map.of("Origin", "https://evil.example"));
        HttpResponse<String> fromServer = post(writeKey, event("s"), Map.of());

        assertThat(refused.statusCode()).isEqualTo(403);
        JsonNode body = ApiClient.json(refused);
        assertThat(body.get("error").stringValue()).isEqualTo("origin_not_allowed");
        assertThat(body.get("message").stringValue()).contains("https://evil.example");
        assertThat(body.get("errors").get(0).get("field").stringValue()).isEqualTo("Origin");
        // A request without Origin is no browser's: the origins do not concern it.
        assertThat(fromServer.statusCode()).isEqualTo(202);
    }

    @Test
    void aKeyWithoutOriginsSendsFromAnywhere() {
        String writeKey = createKey().get("write_key").stringValue();

        HttpResponse<String> sent = post(writeKey, event("s"), Map.of("Origin", "https://anywhere.example"));

        assertThat(sent.statusCode()).isEqualTo(202);
        assertThat(sent.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    }

    @Test
    void aKeyWithALimitOfItsOwnIsHeldToItWhileItsClientsOtherKeyAndTokenStillSend() {
        // 1 event a second: the time between two requests adds next to nothing to what the key may send at once.
        JsonNode limited = createKey("--events-per-second", "1", "--burst", "5");
        String writeKey = limited.get("write_key").stringValue();
        String keyId = limited.get("key_id").stringValue();
        String otherKey = createKey().get("write_key").stringValue();
        // New keys and clients are looked up at most one every 100 ms: both are known once they have sent.
        await().atMost(Duration.ofSeconds(5))
                .until(() -> post(otherKey, event("s"), Map.of()).statusCode() == 202
                        && api.postEvents(token, event("s")).statusCode() == 202);

        // 4 events, then 2 more: the bucket still held one, so they are refused by their count, past the body.
        HttpResponse<String> refused = await().atMost(Duration.ofSeconds(10))
                .until(() -> refusedByItsKey(writeKey, keyId, 5), Objects::nonNull);

        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(ApiClient.json(refused).get("error").stringValue()).isEqualTo("rate_limited");
        assertThat(ApiClient.json(refused).get("message").stringValue())
                .matches("Too many events: write key " + keyId
                        + " may send 1 event per second, up to 5 at once\\. Retry after \\d+ s\\.");
        assertThat(post(otherKey, events(50), Map.of()).statusCode()).isEqualTo(202);
        assertThat(api.postEvents(token, events(50)).statusCode()).isEqualTo(202);
        // The key named in a Segment body is held to the same bucket.
        HttpResponse<String> segment = api.send(
                "POST",
                "/v1/batch",
                "{\"writeKey\": \"" + writeKey + "\", \"batch\": [" + String.join(",", Collections.nCopies(5, SEGMENT))
                        + "]}",
                Map.of("Content-Type", "text/plain"));
        assertThat(segment.statusCode()).as(segment.body()).isEqualTo(429);
        assertThat(segment.body()).contains("write key " + keyId);
    }

    @Test
    void keysLimitChangesAKeysLimitOnTheRunningServerAndClearItLeavesOnlyTheClients() {
        JsonNode key = createKey();
        String writeKey = key.get("write_key").stringValue();
        String keyId = key.get("key_id").stringValue();
        assertThat(post(writeKey, events(100), Map.of()).statusCode()).isEqualTo(202);

        cli("keys", "limit", keyId, "--events-per-second", "1", "--burst", "8");

        // Within a reload of the keys: a new bucket, of 8, full; then nothing left for one more event.
        HttpResponse<String> refused = await().atMost(Duration.ofSeconds(10))
                .until(() -> fillsItsBucket(writeKey, keyId, 8), Objects::nonNull);
        assertThat(ApiClient.json(refused).get("message").stringValue()).contains("up to 8 at once");
        assertThat(api.postEvents(token, events(100)).statusCode()).isEqualTo(202);

        cli("keys", "limit", writeKey, "--clear");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> post(writeKey, events(100), Map.of()).statusCode() == 202
                        && post(writeKey, events(100), Map.of()).statusCode() == 202);
    }

    /**
     * The 429 a key gets once its bucket, if it holds this many events, has one left: {@code size - 1} events are
     * accepted, then 2 refused naming the key's limit; otherwise null. Takes what the bucket allows, whatever the
     * answer.
     */
    private HttpResponse<String> refusedByItsKey(String writeKey, String keyId, int size) {
        if (post(writeKey, events(size - 1), Map.of()).statusCode() != 202) {
            return null;
        }
        return refusedByKey(post(writeKey, events(2), Map.of()), keyId, size);
    }

    /** As {@link #refusedByItsKey}, with a request of {@code size} events, then one of 1. */
    private HttpResponse<String> fillsItsBucket(String writeKey, String keyId, int size) {
        if (post(writeKey, events(size), Map.of()).statusCode() != 202) {
            return null;
        }
        return refusedByKey(post(writeKey, events(1), Map.of()), keyId, size);
    }

    private static HttpResponse<String> refusedByKey(HttpResponse<String> response, String keyId, int size) {
        boolean byTheKey = response.statusCode() == 429
                && ApiClient.json(response)
                        .get("message")
                        .stringValue()
                        .contains("write key " + keyId + " may send 1 event per second, up to " + size + " at once");
        return byTheKey ? response : null;
    }

    private static String events(int count) {
        return "[" + String.join(",", Collections.nCopies(count, event("s"))) + "]";
    }

    private JsonNode createKey(String... options) {
        List<String> args = new ArrayList<>(List.of("keys", "create", "--client-id", clientId, "--json"));
        args.addAll(List.of(options));
        return JsonMapper.shared().readTree(cli(args.toArray(String[]::new)));
    }

    private HttpResponse<String> post(String writeKey, String body, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Authorization", basic(writeKey));
        all.put("Content-Type", "application/json");
        return api.send("POST", "/events", body, all);
    }

    /** What Segment's and RudderStack's SDKs send: the key as user name, no password. */
    private static String basic(String writeKey) {
        return "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
    }

    private static String event(String session) {
        return "{\"session_id\": \"" + session + "\", \"category\": \"page\", \"name\": \"view\"}";
    }

    /** Runs the command line against the server's database, in this JVM; returns what it printed. */
    private String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine =
                Cli.commandLine(new ContextLauncher(databaseOptions()), Map.<String, String>of()::get);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        assertThat(commandLine.execute(args))
                .as("exit code of the-eye %s: %s", String.join(" ", args), err)
                .isZero();
        return out.toString();
    }
}
