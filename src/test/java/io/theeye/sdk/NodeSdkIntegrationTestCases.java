package io.theeye.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.store.ClientStore;
import io.theeye.store.WriteKeyChanges;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Segment's Node.js library and RudderStack's Node.js SDK, as published on npm, sending to the Segment-compatible API
 * ({@code /v1/batch}) of the running application, and what it stored read back through {@code GET /events}: each
 * message mapped as docs/api.md says. Each subclass names the database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NodeSdkIntegrationTestCases {

    private static final String SEGMENT = "segment-analytics-node.mjs";
    private static final String RUDDERSTACK = "rudderstack-node.mjs";

    @Autowired
    Environment environment;

    @Autowired
    ClientStore clients;

    @Autowired
    WriteKeyChanges keys;

    private SdkClient sdk;

    @BeforeAll
    void createClientAndWriteKey() {
        sdk = SdkClient.create(environment, clients, keys, "node sdk test", "node sdk");
    }

    @Test
    void segmentsNodeLibraryStoresEveryCallAsTheMappingSays() {
        String anonymous = "anon-" + UUID.randomUUID();
        String user = "user-" + UUID.randomUUID();

        SdkRun run = SdkRun.of(SEGMENT, sdk.host(), sdk.writeKey(), 3, everyCall(anonymous, user));

        assertEveryResponseIs200(run, 8);
        // It sends JSON as it is, with the key both as Basic credentials and in the body.
        assertThat(run.requests()).hasSize(3).allSatisfy(request -> {
            assertThat(request.get("url").stringValue()).isEqualTo(sdk.host() + "/v1/batch");
            assertThat(request.get("headers").get("Content-Type").stringValue()).isEqualTo("application/json");
            assertThat(request.get("headers").has("Content-Encoding")).isFalse();
            assertThat(request.get("headers").get("Authorization").stringValue())
                    .isEqualTo("Basic " + base64(sdk.writeKey() + ":"));
            assertThat(request.get("body").get("writeKey").stringValue()).isEqualTo(sdk.writeKey());
        });
        assertStoredAsTheMappingSays(run.messages(), anonymous, user);
    }

    @Test
    void segmentsNodeLibraryResendingAMessageIdIsStoredOnce() {
        String session = "anon-" + UUID.randomUUID();
        String messageId = "resend-" + UUID.randomUUID();
        String track = """
                ["track", {"anonymousId": "%s", "event": "Resent", "messageId": "%s"}]""".formatted(session, messageId);

        SdkRun run = SdkRun.of(SEGMENT, sdk.host(), sdk.writeKey(), 1, "[" + track + ", " + track + "]");

        assertEveryResponseIs200(run, 2);
        assertThat(run.requests()).hasSize(2);
        assertThat(run.messages())
                .extracting(message -> message.get("messageId").stringValue())
                .containsExactly(messageId, messageId);
        assertThat(sdk.session(session))
                .singleElement()
                .satisfies(event -> assertThat(event.get("id").stringValue())
                        .isEqualTo(sdk.derivedId(messageId).toString()));
    }

    @Test
    void rudderStacksNodeSdkSendsGzipBatchesThatAreStoredAsTheMappingSays() {
        String anonymous = "anon-" + UUID.randomUUID();
        String user = "user-" + UUID.randomUUID();

        SdkRun run = SdkRun.of(RUDDERSTACK, sdk.host(), sdk.writeKey(), 3, everyCall(anonymous, user));

        assertEveryResponseIs200(run, 8);
        // It sends its first message alone, then batches of flushAt; gzipped, and labelled as a form by axios.
        assertThat(run.requests()).hasSize(4).allSatisfy(request -> {
            assertThat(request.get("url").stringValue()).isEqualTo(sdk.host() + "/v1/batch");
            assertThat(request.get("headers").get("Content-Encoding").stringValue())
                    .isEqualTo("gzip");
            assertThat(request.get("headers").get("Content-Type").stringValue())
                    .isEqualTo("application/x-www-form-urlencoded");
            assertThat(request.get("body").has("writeKey")).isFalse();
        });
        assertStoredAsTheMappingSays(run.messages(), anonymous, user);
    }

    @Test
    void rudderStacksNodeSdkResendingAMessageIdIsStoredOnce() {
        String session = "anon-" + UUID.randomUUID();
        UUID messageId = UUID.randomUUID();
        String track = """
                ["track", {"anonymousId": "%s", "event": "Resent", "messageId": "%s"}]""".formatted(session, messageId);

        SdkRun run = SdkRun.of(RUDDERSTACK, sdk.host(), sdk.writeKey(), 1, "[" + track + ", " + track + "]");

        assertEveryResponseIs200(run, 2);
        assertThat(run.requests()).hasSize(2);
        assertThat(run.messages())
                .extracting(message -> message.get("messageId").stringValue())
                .containsExactly(messageId.toString(), messageId.toString());
        assertThat(sdk.session(session))
                .singleElement()
                .satisfies(event -> assertThat(event.get("id").stringValue()).isEqualTo(messageId.toString()));
    }

    /** Every kind of call, as an app makes them: 8 messages, of sessions {@code anonymous} and {@code user}. */
    private static String everyCall(String anonymous, String user) {
        return """
                [["track", {"anonymousId": "%1$s", "event": "Order Completed",
                            "properties": {"category": "Shop", "total": 30.5, "currency": "EUR"},
                            "context": {"ip": "203.0.113.9"}, "integrations": {"Amplitude": false}}],
                 ["track", {"userId": "%2$s", "event": "Signed In"}],
                 ["page", {"anonymousId": "%1$s", "name": "Pricing", "category": "Docs",
                           "properties": {"path": "/pricing"}}],
                 ["page", {"anonymousId": "%1$s", "properties": {"path": "/docs"}}],
                 ["page", {"anonymousId": "%1$s"}],
                 ["identify", {"anonymousId": "%1$s", "userId": "%2$s", "traits": {"plan": "pro"}}],
                 ["group", {"userId": "%2$s", "groupId": "g-1", "traits": {"name": "Acme"}}],
                 ["alias", {"userId": "%2$s", "previousId": "%1$s"}]]
                """.formatted(anonymous, user);
    }

    /**
     * The messages of {@link #everyCall}, as the SDK sent them, each stored once as docs/api.md's table says: data
     * is the message less what became a column (and keeps properties, traits, context, integrations, the ids).
     */
    private void assertStoredAsTheMappingSays(List<JsonNode> sent, String anonymous, String user) {
        assertThat(sent).hasSize(8);
        Map<String, JsonNode> stored = new HashMap<>();
        sdk.session(anonymous).forEach(event -> stored.put(event.get("id").stringValue(), event));
        sdk.session(user).forEach(event -> stored.put(event.get("id").stringValue(), event));
        assertThat(stored).hasSize(8);

        JsonNode order = the(sent, message -> message.path("event").asString("").equals("Order Completed"));
        // properties.category is the category; the type is then kept in data.
        assertStored(stored, order, "Shop", "Order Completed", anonymous, "event");
        JsonNode signedIn =
                the(sent, message -> message.path("event").asString("").equals("Signed In"));
        assertStored(stored, signedIn, "track", "Signed In", user, "type", "event");
        JsonNode pricing =
                the(sent, message -> message.path("name").asString("").equals("Pricing"));
        assertStored(stored, pricing, "page", "Pricing", anonymous, "type", "name");
        JsonNode docs = the(sent, message -> page(message) && !message.has("name") && hasPath(message));
        assertStored(stored, docs, "page", "/docs", anonymous, "type");
        JsonNode bare = the(sent, message -> page(message) && !message.has("name") && !hasPath(message));
        assertStored(stored, bare, "page", "page", anonymous, "type");
        // anonymousId comes before userId.
        JsonNode identify =
                the(sent, message -> message.get("type").stringValue().equals("identify"));
        assertStored(stored, identify, "identify", "identify", anonymous, "type");
        JsonNode group = the(sent, message -> message.get("type").stringValue().equals("group"));
        assertStored(stored, group, "group", "group", user, "type");
        JsonNode alias = the(sent, message -> message.get("type").stringValue().equals("alias"));
        assertStored(stored, alias, "alias", "alias", user, "type");
    }

    /**
     * The event stored for {@code message}: its id from the messageId (the messageId itself when it is a UUID, then
     * left out of data), its timestamp from {@code timestamp} (left out of data) or {@code originalTimestamp}.
     *
     * @param mapped the fields that became the category or the name, left out of data
     */
    private void assertStored(
            Map<String, JsonNode> stored,
            JsonNode message,
            String category,
            String name,
            String session,
            String... mapped) {
        ObjectNode data = (ObjectNode) message.deepCopy();
        data.remove(List.of(mapped));
        String messageId = message.get("messageId").stringValue();
        String id;
        if (isUuid(messageId)) {
            id = messageId;
            data.remove("messageId");
        } else {
            id = sdk.derivedId(messageId).toString();
        }
        JsonNode sentTimestamp = data.has("timestamp") ? data.remove("timestamp") : message.get("originalTimestamp");

        JsonNode event = stored.get(id);
        assertThat(event).as("the event of %s", message).isNotNull();
        assertThat(event.get("category").stringValue()).isEqualTo(category);
        assertThat(event.get("name").stringValue()).isEqualTo(name);
        assertThat(event.get("session_id").stringValue()).isEqualTo(session);
        assertThat(event.get("data")).isEqualTo(data);
        // As sent, or as corrected for the sender's clock, with the time as sent kept.
        JsonNode asSent =
                event.get("original_timestamp").isNull() ? event.get("timestamp") : event.get("original_timestamp");
        assertThat(Instant.parse(asSent.stringValue())).isEqualTo(Instant.parse(sentTimestamp.stringValue()));
    }

    private static void assertEveryResponseIs200(SdkRun run, int calls) {
        assertThat(run.responses())
                .hasSameSizeAs(run.requests())
                .allSatisfy(
                        response -> assertThat(response.get("status").asInt()).isEqualTo(200));
        assertThat(run.delivered()).hasSize(calls);
    }

    private static JsonNode the(List<JsonNode> sent, Predicate<JsonNode> which) {
        List<JsonNode> found = sent.stream().filter(which).toList();
        assertThat(found).as("one message of %s", sent).hasSize(1);
        return found.getFirst();
    }

    private static boolean page(JsonNode message) {
        return message.get("type").stringValue().equals("page");
    }

    private static boolean hasPath(JsonNode message) {
        return message.path("properties").has("path");
    }

    private static boolean isUuid(String text) {
        try {
            return UUID.fromString(text).toString().equalsIgnoreCase(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
