package io.theeye.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.event.FieldError;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SegmentMessagesTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final UUID CLIENT = UUID.fromString("0b7a2c1e-5f3d-4e8a-9c6b-1d2e3f4a5b6c");

    private static JsonNode map(String message, String type) {
        SegmentMessages.Mapped mapped =
                SegmentMessages.map(JSON.readTree(message), type, CLIENT, SegmentMessages.BatchFields.NONE);
        assertThat(mapped.error()).isNull();
        return mapped.event();
    }

    private static JsonNode map(String message) {
        return map(message, null);
    }

    @Test
    void mapsATrackToItsEventAndKeepsTheRestInData() {
        JsonNode event = map("""
                {"type": "track", "event": "Order Completed", "userId": "u1", "anonymousId": "a1",
                 "messageId": "m-1", "timestamp": "2025-06-01T12:00:00.000Z", "writeKey": "wk",
                 "properties": {"total": 3}, "context": {"ip": "1.2.3.4"}, "integrations": {"All": true},
                 "originalTimestamp": "2025-06-01T11:59:59.000Z"}
                """);
        assertThat(event.get("category").stringValue()).isEqualTo("track");
        assertThat(event.get("name").stringValue()).isEqualTo("Order Completed");
        assertThat(event.get("session_id").stringValue()).isEqualTo("a1");
        assertThat(event.get("timestamp").stringValue()).isEqualTo("2025-06-01T12:00:00.000Z");
        assertThat(event.get("data")).isEqualTo(JSON.readTree("""
                        {"userId": "u1", "anonymousId": "a1", "messageId": "m-1",
                         "properties": {"total": 3}, "context": {"ip": "1.2.3.4"}, "integrations": {"All": true},
                         "originalTimestamp": "2025-06-01T11:59:59.000Z"}
                        """));
    }

    @Test
    void aTrackTakesItsCategoryFromAStringPropertiesCategory() {
        JsonNode event = map("""
                {"type": "track", "event": "Signed Up", "userId": "u", "properties": {"category": "account"}}
                """);
        assertThat(event.get("category").stringValue()).isEqualTo("account");
        assertThat(event.get("data").get("type").stringValue()).isEqualTo("track");
        JsonNode numeric = map("""
                {"type": "track", "event": "Signed Up", "userId": "u", "properties": {"category": 7}}
                """);
        assertThat(numeric.get("category").stringValue()).isEqualTo("track");
    }

    @Test
    void aPageIsNamedByItsNameElseItsPathElseItsType() {
        assertThat(map("{\"name\": \"Home\", \"userId\": \"u\"}", "page")
                        .get("name")
                        .stringValue())
                .isEqualTo("Home");
        assertThat(map("{\"userId\": \"u\", \"properties\": {\"path\": \"/shop\"}}", "page")
                        .get("name")
                        .stringValue())
                .isEqualTo("/shop");
        assertThat(map("{\"userId\": \"u\", \"context\": {\"page\": {\"path\": \"/c\"}}}", "page")
                        .get("name")
                        .stringValue())
                .isEqualTo("/c");
        JsonNode screen = map("{\"type\": \"screen\", \"userId\": \"u\"}");
        assertThat(screen.get("category").stringValue()).isEqualTo("screen");
        assertThat(screen.get("name").stringValue()).isEqualTo("screen");
    }

    @Test
    void identifyGroupAndAliasUseTheTypeAsCategoryAndName() {
        for (String type : new String[] {"identify", "group", "alias"}) {
            JsonNode event = map("{\"type\": \"" + type + "\", \"userId\": \"u\"}");
            assertThat(event.get("category").stringValue()).isEqualTo(type);
            assertThat(event.get("name").stringValue()).isEqualTo(type);
            assertThat(event.get("data").has("type")).isFalse();
        }
    }

    @Test
    void theSessionComesFromContextThenPropertiesThenAnonymousIdThenUserId() {
        assertThat(map("""
                        {"type": "track", "event": "e", "userId": "u", "anonymousId": "a",
                         "properties": {"session_id": "p"}, "context": {"sessionId": 1700000000000}}
                        """).get("session_id").stringValue()).isEqualTo("1700000000000");
        assertThat(map("""
                        {"type": "track", "event": "e", "userId": "u", "anonymousId": "a",
                         "properties": {"session_id": "p"}}
                        """).get("session_id").stringValue()).isEqualTo("p");
        assertThat(map("{\"type\": \"alias\", \"userId\": \"u\", \"anonymousId\": \"a\"}")
                        .get("session_id")
                        .stringValue())
                .isEqualTo("a");
        assertThat(map("{\"type\": \"alias\", \"userId\": \"u\"}")
                        .get("session_id")
                        .stringValue())
                .isEqualTo("u");
        assertThat(map("{\"type\": \"alias\"}").has("session_id")).isFalse();
    }

    @Test
    void aLongValueIsCutAt128CharactersAndKeptWholeInData() {
        String path = "/" + "p".repeat(200);
        JsonNode page = map("{\"name\": \"" + path + "\", \"userId\": \"u\"}", "page");
        assertThat(page.get("name").stringValue()).isEqualTo(path.substring(0, 128));
        assertThat(page.get("data").get("name").stringValue()).isEqualTo(path);
        JsonNode whole = map("{\"name\": \"Home\", \"userId\": \"u\"}", "page");
        assertThat(whole.get("data").has("name")).isFalse();
        String session = "s".repeat(130);
        JsonNode event = map("{\"type\": \"identify\", \"userId\": \"" + session + "\"}");
        assertThat(event.get("session_id").stringValue()).hasSize(128);
        assertThat(event.get("data").get("userId").stringValue()).isEqualTo(session);
        assertThat(SegmentMessages.cut("😀".repeat(129))).isEqualTo("😀".repeat(128));
    }

    @Test
    void aUuidMessageIdIsTheEventId() {
        String id = "0f8fad5b-d9cb-469f-a165-70867728950e";
        JsonNode event = map("{\"type\": \"alias\", \"userId\": \"u\", \"messageId\": \"" + id + "\"}");
        assertThat(event.get("id").stringValue()).isEqualTo(id);
        assertThat(event.get("data").has("messageId")).isFalse();
    }

    @Test
    void anotherMessageIdGivesANameBasedIdPerClient() {
        UUID id = SegmentMessages.derivedId(CLIENT, "ajs-next-1");
        assertThat(id.version()).isEqualTo(5);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(SegmentMessages.derivedId(CLIENT, "ajs-next-1")).isEqualTo(id);
        assertThat(SegmentMessages.derivedId(UUID.randomUUID(), "ajs-next-1")).isNotEqualTo(id);
        // The value computed independently (Python: uuid.uuid5(NAMESPACE, f"{client}:{messageId}")).
        assertThat(id).isEqualTo(UUID.fromString(PYTHON_UUID5));
        JsonNode event = map("{\"type\": \"alias\", \"userId\": \"u\", \"messageId\": \"ajs-next-1\"}");
        assertThat(event.get("id").stringValue()).isEqualTo(id.toString());
    }

    private static final String PYTHON_UUID5 = "42967867-725f-5f7f-9860-d563e921e43c";

    @Test
    void theTimestampIsTimestampElseOriginalTimestampAndSentAtCorrectsIt() {
        JsonNode event = SegmentMessages.map(
                        JSON.readTree("""
                                {"type": "alias", "userId": "u", "originalTimestamp": "2025-06-01T12:00:00Z"}
                                """),
                        null,
                        CLIENT,
                        new SegmentMessages.BatchFields(JSON.readTree("\"2025-06-01T12:00:05Z\""), null, null))
                .event();
        assertThat(event.get("timestamp").stringValue()).isEqualTo("2025-06-01T12:00:00Z");
        assertThat(event.get("sent_at").stringValue()).isEqualTo("2025-06-01T12:00:05Z");
        assertThat(event.get("data").get("originalTimestamp").stringValue()).isEqualTo("2025-06-01T12:00:00Z");
        JsonNode own = map("""
                {"type": "alias", "userId": "u", "timestamp": "2025-06-01T12:00:00Z", "sentAt": "2025-06-01T12:00:01Z"}
                """);
        assertThat(own.get("sent_at").stringValue()).isEqualTo("2025-06-01T12:00:01Z");
        assertThat(map("{\"type\": \"alias\", \"userId\": \"u\"}").has("timestamp"))
                .isFalse();
    }

    @Test
    void refusesAnUnknownTypeAndANonStringMessageId() {
        assertThat(SegmentMessages.map(
                                JSON.readTree("{\"type\": \"purchase\"}"),
                                null,
                                CLIENT,
                                SegmentMessages.BatchFields.NONE)
                        .error())
                .extracting(FieldError::field)
                .isEqualTo("type");
        assertThat(SegmentMessages.map(
                                JSON.readTree("{\"messageId\": 5}"), "track", CLIENT, SegmentMessages.BatchFields.NONE)
                        .error())
                .extracting(FieldError::field)
                .isEqualTo("messageId");
    }

    @Test
    void aBatchsContextAndIntegrationsApplyToEveryMessageUnderItsOwn() {
        SegmentMessages.BatchFields batch = SegmentMessages.BatchFields.of(JSON.readTree("""
                {"context": {"library": {"name": "analytics-java", "version": "3.5.4"}, "sessionId": 17,
                             "app": {"name": "shop"}},
                 "integrations": {"All": false}}
                """));
        JsonNode plain = SegmentMessages.map(JSON.readTree("{\"userId\": \"u\"}"), "identify", CLIENT, batch)
                .event();
        assertThat(plain.get("session_id").stringValue()).isEqualTo("17");
        assertThat(plain.at("/data/context/library/name").stringValue()).isEqualTo("analytics-java");
        assertThat(plain.at("/data/integrations/All").booleanValue()).isFalse();

        JsonNode own = SegmentMessages.map(JSON.readTree("""
                                {"userId": "u", "context": {"app": {"version": "2"}, "sessionId": 18},
                                 "integrations": {"All": true}}
                                """), "identify", CLIENT, batch)
                .event();
        assertThat(own.get("session_id").stringValue()).isEqualTo("18");
        assertThat(own.at("/data/context/app/name").stringValue()).isEqualTo("shop");
        assertThat(own.at("/data/context/app/version").stringValue()).isEqualTo("2");
        assertThat(own.at("/data/context/library/version").stringValue()).isEqualTo("3.5.4");
        assertThat(own.at("/data/integrations/All").booleanValue()).isTrue();
    }

    @Test
    void keepsNoWriteKeyInARefusal() {
        SegmentMessages.Mapped refused = SegmentMessages.map(
                JSON.readTree("{\"type\": \"purchase\", \"writeKey\": \"wk_secret\"}"),
                null,
                CLIENT,
                SegmentMessages.BatchFields.NONE);

        assertThat(refused.error()).isNotNull();
        assertThat(refused.sent().has("writeKey")).isFalse();
    }
}
