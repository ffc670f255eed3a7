package io.theeye.validation;

import static io.theeye.support.Generated.forAll;
import static io.theeye.support.Generated.oneOf;
import static io.theeye.support.Generated.string;
import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.event.Event;
import io.theeye.event.FieldError;
import io.theeye.event.FieldPath;
import io.theeye.event.StorableText;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generated and mutated bodies, read as the controller reads them: a body is refused whole (malformed UTF-8 or JSON)
 * or each event comes out valid or invalid, never as an exception (a 500); an event comes out valid only if it keeps
 * every rule, and one broken field always makes it invalid, naming the field.
 */
class EventParserPropertyTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JSON.getNodeFactory();
    private static final ObjectReader READER = EventValidation.reader(JSON);
    private static final UUID CLIENT = UUID.fromString("0b7a2c1e-5f3d-4e8a-9c6b-1d2e3f4a5b6c");
    private static final Instant RECEIVED = Instant.parse("2025-06-01T12:00:00.123456Z");
    private static final int MAX_DATA_BYTES = 256;
    private static final Set<String> FIELDS = Set.of("id", "session_id", "category", "name", "data", "timestamp");
    private static final String ALPHA = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    /** JSON's own characters, and some a store cannot keep (NUL, a lone surrogate), for mutations. */
    private static final String JSON_CHARS = "{}[]\":,.0123456789eE+-\\/ntrufalsx \u0000\u00e9\ud83d\ude00";

    private static final List<String> VALID_BODIES = List.of("""
            {"session_id":"s1","category":"page","name":"view","data":{"path":"/","n":1.5},\
            "timestamp":"2025-06-01T11:59:00Z"}""", """
            {"id":"01a22015-06a7-725f-b527-8a8a1c0df8ee","session_id":"s","category":"c","name":"n"}""", """
            [{"session_id":"a","category":"b","name":"c","timestamp":"2025-06-01 11:59:00.000001"},\
            {"session_id":"d","category":"e","name":"f","data":{"list":[1,2,{"x":null}],"t":true}}]""");

    private final EventParser parser =
            new EventParser(TestValidationLimits.with(DataSize.ofBytes(MAX_DATA_BYTES), Duration.ZERO), JSON);

    @Test
    void anyBodyIsRefusedWholeOrParsedEventByEventWithoutAnException() {
        forAll(5000, EventParserPropertyTests::body, body -> {
            for (JsonNode node : events(body)) {
                Validated<Event> parsed = parser.parse(node, CLIENT, RECEIVED);
                if (parsed instanceof Validated.Valid<Event> valid) {
                    assertKeepsEveryRule(node, valid.value());
                } else {
                    assertThat(((Validated.Invalid<Event>) parsed).errors()).isNotEmpty();
                }
            }
        });
    }

    @Test
    void oneBrokenFieldMakesAnEventInvalidNamingIt() {
        forAll(3000, random -> new Broken(validEvent(random), breakage(random)), broken -> {
            ObjectNode event = broken.event();
            broken.breakage().apply(event);

            Validated<Event> parsed = parser.parse(event, CLIENT, RECEIVED);

            assertThat(parsed).isInstanceOf(Validated.Invalid.class);
            String field = broken.breakage().field();
            // The field, or a place inside it (data.nul).
            assertThat(((Validated.Invalid<Event>) parsed).errors())
                    .extracting(FieldError::field)
                    .anyMatch(f -> f.equals(field) || f.startsWith(field + ".") || f.startsWith(field + "["));
        });
    }

    /** The body's events as the controller would hand them to the parser; none when it refuses the body whole. */
    private static List<JsonNode> events(byte[] body) {
        if (Utf8.firstMalformed(body) >= 0) {
            return List.of();
        }
        JsonNode root;
        try {
            root = READER.readValue(body);
        } catch (JacksonException | NumberFormatException e) {
            return List.of(); // 400 malformed_json, as the controller answers
        }
        if (root == null || root.isMissingNode()) {
            return List.of();
        }
        if (root.isObject()) {
            return List.of(root);
        }
        List<JsonNode> events = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(events::add);
        }
        return events;
    }

    /** An oracle written apart from the parser: what a valid event's JSON and the event made of it must be. */
    private static void assertKeepsEveryRule(JsonNode node, Event event) {
        assertThat(FIELDS).containsAll(node.propertyNames());
        for (String field : List.of("session_id", "category", "name")) {
            JsonNode value = node.get(field);
            assertThat(value != null && value.isString()).as(field).isTrue();
            String text = value.stringValue();
            assertThat(text.codePointCount(0, text.length())).as(field).isBetween(1, Event.MAX_TEXT_LENGTH);
            assertThat(StorableText.firstUnstorable(text)).as(field).isNegative();
        }
        assertThat(List.of(event.sessionId(), event.category(), event.name()))
                .containsExactly(
                        node.get("session_id").stringValue(),
                        node.get("category").stringValue(),
                        node.get("name").stringValue());
        JsonNode id = node.get("id");
        if (id != null && !id.isNull()) {
            assertThat(id.isString()).as("id").isTrue();
            assertThat(event.id().toString()).isEqualToIgnoringCase(id.stringValue());
        }
        JsonNode data = node.get("data");
        assertThat(data == null || data.isNull() || data.isObject()).as("data").isTrue();
        assertThat(JSON.readTree(event.data()).isObject()).isTrue();
        assertThat(event.data().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(MAX_DATA_BYTES);
        JsonNode timestamp = node.get("timestamp");
        assertThat(timestamp == null || timestamp.isNull() || timestamp.isString())
                .as("timestamp")
                .isTrue();
        assertThat(event.timestamp()).isBeforeOrEqualTo(RECEIVED);
        assertThat(event.clientId()).isEqualTo(CLIENT);
        assertThat(event.receivedAt()).isEqualTo(RECEIVED);
    }

    /** Mostly valid bodies with a few places changed; also JSON-like text and plain bytes. */
    private static byte[] body(SplittableRandom random) {
        int kind = random.nextInt(9);
        if (kind < 6) {
            StringBuilder text = new StringBuilder(oneOf(random, VALID_BODIES));
            int mutations = 1 + random.nextInt(4);
            for (int i = 0; i < mutations; i++) {
                int at = random.nextInt(text.length() + 1);
                int end = Math.min(text.length(), at + random.nextInt(7));
                text.replace(at, end, string(random, JSON_CHARS, 0, 6));
            }
            if (random.nextInt(10) == 0) {
                text.insert(random.nextInt(text.length() + 1), "\ud800"); // a lone surrogate, as '?' in UTF-8
            }
            return text.toString().getBytes(StandardCharsets.UTF_8);
        }
        if (kind < 8) {
            return string(random, JSON_CHARS, 0, 60).getBytes(StandardCharsets.UTF_8);
        }
        byte[] bytes = new byte[random.nextInt(61)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static ObjectNode validEvent(SplittableRandom random) {
        ObjectNode event = JSON.createObjectNode();
        event.put("session_id", string(random, ALPHA, 1, 20));
        event.put("category", string(random, ALPHA, 1, 20));
        event.put("name", string(random, ALPHA, 1, 20));
        event.putObject("data").put("k", string(random, ALPHA, 0, 20));
        event.put("timestamp", RECEIVED.minusSeconds(random.nextInt(86_400)).toString());
        return event;
    }

    private static Breakage breakage(SplittableRandom random) {
        String textField = oneOf(random, "session_id", "category", "name");
        return switch (random.nextInt(6)) {
            case 0 -> Breakage.set(textField, badText(random));
            case 1 -> new Breakage(textField, textField, null);
            case 2 ->
                Breakage.set(
                        "data",
                        oneOf(
                                random,
                                NODES.stringNode(string(random, ALPHA, 0, 10)),
                                NODES.numberNode(random.nextInt()),
                                JSON.createArrayNode(),
                                NODES.booleanNode(false),
                                JSON.createObjectNode().put("big", string(random, ALPHA, MAX_DATA_BYTES, 600)),
                                JSON.createObjectNode().put("nul", "a\u0000b")));
            case 3 ->
                Breakage.set(
                        "timestamp",
                        oneOf(
                                random,
                                NODES.stringNode(string(random, ALPHA, 0, 12)),
                                NODES.stringNode(RECEIVED.plusSeconds(1 + random.nextInt(1_000_000))
                                        .toString()),
                                NODES.stringNode("2025-02-30T00:00:00Z"),
                                NODES.numberNode(random.nextLong())));
            case 4 ->
                Breakage.set(
                        "id",
                        oneOf(
                                random,
                                NODES.stringNode(string(random, ALPHA, 0, 36)),
                                NODES.stringNode("1-2-3-4-5"),
                                NODES.numberNode(random.nextInt()),
                                JSON.createObjectNode()));
            default -> {
                String name = string(random, ALPHA, 1, 10);
                yield FIELDS.contains(name)
                        ? new Breakage(textField, textField, null)
                        : new Breakage(FieldPath.of(name), name, NODES.numberNode(1));
            }
        };
    }

    private static JsonNode badText(SplittableRandom random) {
        return oneOf(
                random,
                NODES.stringNode(""),
                NODES.stringNode(string(random, ALPHA, Event.MAX_TEXT_LENGTH + 1, 300)),
                NODES.stringNode(string(random, ALPHA, 0, 5) + "\u0000"),
                NODES.stringNode(string(random, ALPHA, 0, 5) + "\udc00"),
                NODES.numberNode(random.nextInt()),
                NODES.booleanNode(true),
                JSON.createArrayNode(),
                JSON.createObjectNode(),
                NODES.nullNode());
    }

    record Broken(ObjectNode event, Breakage breakage) {}

    /** Sets a field to a value that breaks a rule, or removes it (value null); {@code field} is the error's field. */
    record Breakage(String field, String key, JsonNode value) {
        static Breakage set(String field, JsonNode value) {
            return new Breakage(field, field, value);
        }

        void apply(ObjectNode event) {
            if (value == null) {
                event.remove(key);
            } else {
                event.set(key, value);
            }
        }
    }
}
