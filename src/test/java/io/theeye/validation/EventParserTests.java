package io.theeye.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.event.Event;
import io.theeye.event.EventTimestamps;
import io.theeye.event.FieldError;
import io.theeye.event.FieldErrors;
import io.theeye.event.StorableNumber;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class EventParserTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ObjectReader READER = EventValidation.reader(JSON);
    private static final UUID CLIENT = UUID.fromString("0b7a2c1e-5f3d-4e8a-9c6b-1d2e3f4a5b6c");
    private static final Instant RECEIVED = Instant.parse("2025-06-01T12:00:00.123456Z");
    private static final String TEXT_MESSAGE = "must be 1 to 128 characters long";

    private EventParser parser = parser(DataSize.ofKilobytes(64), Duration.ZERO);

    private static EventParser parser(DataSize maxDataSize, Duration futureAllowance) {
        return new EventParser(TestValidationLimits.with(maxDataSize, futureAllowance), JSON);
    }

    /** The JSON text read as the controller reads it. */
    private static JsonNode node(String json) {
        return READER.readValue(json);
    }

    /** A valid event with one field replaced by the given JSON value, or removed when the value is null. */
    private static JsonNode with(String field, String jsonValue) {
        var event = JSON.createObjectNode();
        event.put("session_id", "e2085be5-9137-4e4e-80b5-f1ffddc25423");
        event.put("category", "page interaction");
        event.put("name", "pageview");
        event.set("data", node("{\"host\":\"www.example.com\",\"path\":\"/\"}"));
        event.put("timestamp", "2025-06-01 11:59:00.000000");
        if (jsonValue == null) {
            event.remove(field);
        } else {
            event.set(field, node(jsonValue));
        }
        return event;
    }

    private static JsonNode valid() {
        return with("name", "\"pageview\"");
    }

    private Event accepted(JsonNode node) {
        Validated<Event> parsed = parser.parse(node, CLIENT, RECEIVED);
        assertThat(parsed).isInstanceOf(Validated.Valid.class);
        return ((Validated.Valid<Event>) parsed).value();
    }

    private List<FieldError> refused(JsonNode node) {
        Validated<Event> parsed = parser.parse(node, CLIENT, RECEIVED);
        assertThat(parsed).isInstanceOf(Validated.Invalid.class);
        return ((Validated.Invalid<Event>) parsed).errors();
    }

    private static String quoted(String text) {
        return JSON.writeValueAsString(text);
    }

    // accepted events

    @Test
    void turnsValidEventIntoEventWithItsFields() {
        Event event = accepted(valid());

        assertThat(event.clientId()).isEqualTo(CLIENT);
        assertThat(event.sessionId()).isEqualTo("e2085be5-9137-4e4e-80b5-f1ffddc25423");
        assertThat(event.category()).isEqualTo("page interaction");
        assertThat(event.name()).isEqualTo("pageview");
        assertThat(node(event.data())).isEqualTo(node("{\"host\":\"www.example.com\",\"path\":\"/\"}"));
        assertThat(event.timestamp()).isEqualTo(Instant.parse("2025-06-01T11:59:00Z"));
        assertThat(event.receivedAt()).isEqualTo(RECEIVED);
    }

    @Test
    void serialisesNestedDataAsJsonText() {
        Event event = accepted(with("data", "{\"a\":[1,2,{\"b\":null}],\"c\":{\"d\":\"é\"}}"));

        assertThat(node(event.data())).isEqualTo(node("{\"a\":[1,2,{\"b\":null}],\"c\":{\"d\":\"é\"}}"));
    }

    @Test
    void storesEmptyObjectWhenDataIsMissing() {
        assertThat(accepted(with("data", null)).data()).isEqualTo("{}");
    }

    @Test
    void storesEmptyObjectWhenDataIsNull() {
        assertThat(accepted(with("data", "null")).data()).isEqualTo("{}");
    }

    @Test
    void usesReceiptTimeWhenTimestampIsMissing() {
        assertThat(accepted(with("timestamp", null)).timestamp()).isEqualTo(RECEIVED);
    }

    @Test
    void usesReceiptTimeWhenTimestampIsNull() {
        assertThat(accepted(with("timestamp", "null")).timestamp()).isEqualTo(RECEIVED);
    }

    @Test
    void keepsClientChosenId() {
        Event event = accepted(with("id", "\"7d1f3c2a-9b8e-4f6d-a5c4-3b2a1f0e9d8c\""));

        assertThat(event.id()).isEqualTo(UUID.fromString("7d1f3c2a-9b8e-4f6d-a5c4-3b2a1f0e9d8c"));
    }

    @Test
    void acceptsClientChosenIdInUpperCase() {
        Event event = accepted(with("id", "\"7D1F3C2A-9B8E-4F6D-A5C4-3B2A1F0E9D8C\""));

        assertThat(event.id()).isEqualTo(UUID.fromString("7d1f3c2a-9b8e-4f6d-a5c4-3b2a1f0e9d8c"));
    }

    @Test
    void givesVersion7UuidWhenIdIsMissing() {
        UUID id = accepted(valid()).id();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
    }

    @Test
    void givesDistinctIdsToEventsWithoutOne() {
        assertThat(accepted(valid()).id()).isNotEqualTo(accepted(valid()).id());
    }

    @Test
    void accepts128CharacterText() {
        String text = "x".repeat(128);

        Event event = accepted(with("session_id", quoted(text)));

        assertThat(event.sessionId()).isEqualTo(text);
    }

    @Test
    void counts128EmojiAs128Characters() {
        String text = "\uD83D\uDE00".repeat(128);

        Event event = accepted(with("name", quoted(text)));

        assertThat(event.name()).isEqualTo(text);
    }

    @Test
    void acceptsDataOfExactlyTheMaximumSize() {
        parser = parser(DataSize.ofBytes(10), Duration.ZERO);

        assertThat(accepted(with("data", "{\"a\":\"12\"}")).data()).isEqualTo("{\"a\":\"12\"}");
    }

    @Test
    void acceptsTimestampExactlyAtReceipt() {
        assertThat(accepted(with("timestamp", "\"2025-06-01T12:00:00.123456Z\""))
                        .timestamp())
                .isEqualTo(RECEIVED);
    }

    @Test
    void acceptsTimestampWithinFutureAllowance() {
        parser = parser(DataSize.ofKilobytes(64), Duration.ofSeconds(5));

        assertThat(accepted(with("timestamp", "\"2025-06-01T12:00:04.123456Z\""))
                        .timestamp())
                .isEqualTo(RECEIVED.plusSeconds(4));
    }

    @Test
    void acceptsTimestampWithOffset() {
        assertThat(accepted(with("timestamp", "\"2025-06-01T13:30:00+02:00\"")).timestamp())
                .isEqualTo(Instant.parse("2025-06-01T11:30:00Z"));
    }

    // refused events

    @Test
    void refusesEventThatIsNotAnObject() {
        assertThat(refused(node("[1,2]"))).containsExactly(new FieldError("event", "must be a JSON object"));
    }

    @Test
    void refusesEventThatIsAString() {
        assertThat(refused(node("\"pageview\""))).containsExactly(new FieldError("event", "must be a JSON object"));
    }

    @Test
    void refusesUnknownTopLevelField() {
        assertThat(refused(with("user", "\"bob\""))).containsExactly(new FieldError("user", "unknown field"));
    }

    @Test
    void refusesMissingSessionId() {
        assertThat(refused(with("session_id", null))).containsExactly(new FieldError("session_id", "is required"));
    }

    @Test
    void refusesMissingCategory() {
        assertThat(refused(with("category", null))).containsExactly(new FieldError("category", "is required"));
    }

    @Test
    void refusesMissingName() {
        assertThat(refused(with("name", null))).containsExactly(new FieldError("name", "is required"));
    }

    @Test
    void refusesNullName() {
        assertThat(refused(with("name", "null"))).containsExactly(new FieldError("name", "is required"));
    }

    @Test
    void refusesSessionIdThatIsNotAString() {
        assertThat(refused(with("session_id", "42"))).containsExactly(new FieldError("session_id", "must be a string"));
    }

    @Test
    void refusesCategoryThatIsNotAString() {
        assertThat(refused(with("category", "{\"a\":1}")))
                .containsExactly(new FieldError("category", "must be a string"));
    }

    @Test
    void refusesNameThatIsNotAString() {
        assertThat(refused(with("name", "true"))).containsExactly(new FieldError("name", "must be a string"));
    }

    @Test
    void refusesEmptySessionId() {
        assertThat(refused(with("session_id", "\"\""))).containsExactly(new FieldError("session_id", TEXT_MESSAGE));
    }

    @Test
    void refusesEmptyCategory() {
        assertThat(refused(with("category", "\"\""))).containsExactly(new FieldError("category", TEXT_MESSAGE));
    }

    @Test
    void refusesEmptyName() {
        assertThat(refused(with("name", "\"\""))).containsExactly(new FieldError("name", TEXT_MESSAGE));
    }

    @Test
    void refuses129CharacterSessionId() {
        assertThat(refused(with("session_id", quoted("x".repeat(129)))))
                .containsExactly(new FieldError("session_id", TEXT_MESSAGE));
    }

    @Test
    void refuses129CharacterCategory() {
        assertThat(refused(with("category", quoted("x".repeat(129)))))
                .containsExactly(new FieldError("category", TEXT_MESSAGE));
    }

    @Test
    void refuses129CharacterName() {
        assertThat(refused(with("name", quoted("x".repeat(129)))))
                .containsExactly(new FieldError("name", TEXT_MESSAGE));
    }

    @Test
    void refuses129Emoji() {
        assertThat(refused(with("name", quoted("\uD83D\uDE00".repeat(129)))))
                .containsExactly(new FieldError("name", TEXT_MESSAGE));
    }

    @Test
    void refusesDataThatIsAnArray() {
        assertThat(refused(with("data", "[1,2]"))).containsExactly(new FieldError("data", "must be a JSON object"));
    }

    @Test
    void refusesDataThatIsAString() {
        assertThat(refused(with("data", "\"{}\""))).containsExactly(new FieldError("data", "must be a JSON object"));
    }

    @Test
    void refusesDataThatIsANumber() {
        assertThat(refused(with("data", "3"))).containsExactly(new FieldError("data", "must be a JSON object"));
    }

    @Test
    void refusesDataOverTheMaximumSize() {
        parser = parser(DataSize.ofBytes(10), Duration.ZERO);

        assertThat(refused(with("data", "{\"a\":\"123\"}")))
                .containsExactly(
                        new FieldError("data", "must be at most 10 bytes serialised, numbers written out in full"));
    }

    @Test
    void countsDataSizeInUtf8Bytes() {
        parser = parser(DataSize.ofBytes(10), Duration.ZERO);

        // 10 characters, as many as the limit, but 12 bytes in UTF-8
        assertThat(refused(with("data", "{\"a\":\"éé\"}")))
                .containsExactly(
                        new FieldError("data", "must be at most 10 bytes serialised, numbers written out in full"));
    }

    @Test
    void refusesTimestampThatIsNotAString() {
        assertThat(refused(with("timestamp", "1609492527")))
                .containsExactly(new FieldError("timestamp", "must be an ISO-8601 string"));
    }

    @Test
    void refusesUnparseableTimestamp() {
        assertThat(refused(with("timestamp", "\"yesterday\"")))
                .extracting(FieldError::field)
                .containsExactly("timestamp");
    }

    @Test
    void refusesTimestampOneMicrosecondAfterReceipt() {
        assertThat(refused(with("timestamp", "\"2025-06-01T12:00:00.123457Z\"")))
                .containsExactly(new FieldError("timestamp", "timestamp is in the future"));
    }

    @Test
    void refusesTimestampBeyondFutureAllowance() {
        parser = parser(DataSize.ofKilobytes(64), Duration.ofSeconds(5));

        assertThat(refused(with("timestamp", "\"2025-06-01T12:00:06.123456Z\"")))
                .containsExactly(new FieldError("timestamp", "timestamp is in the future"));
    }

    @Test
    void refusesIdThatIsNotAUuid() {
        assertThat(refused(with("id", "\"not-a-uuid\"")))
                .containsExactly(new FieldError("id", "must be a UUID string"));
    }

    @Test
    void refusesIdThatIsNotAString() {
        assertThat(refused(with("id", "12345"))).containsExactly(new FieldError("id", "must be a UUID string"));
    }

    @Test
    void refusesNonCanonicalId() {
        // UUID.fromString accepts this, but it is not the canonical 8-4-4-4-12 form
        assertThat(refused(with("id", "\"1-2-3-4-5\""))).containsExactly(new FieldError("id", "must be a UUID string"));
    }

    @Test
    void refusesIdWithoutHyphens() {
        assertThat(refused(with("id", "\"7d1f3c2a9b8e4f6da5c43b2a1f0e9d8c\"")))
                .containsExactly(new FieldError("id", "must be a UUID string"));
    }

    @Test
    void reportsEveryErrorOfOneEvent() {
        JsonNode event = node("""
                {"id": "nope", "session_id": "", "category": 7, "data": [], "timestamp": "soon", "extra": 1}
                """);

        assertThat(refused(event))
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder("extra", "id", "session_id", "category", "name", "data", "timestamp");
    }

    // text and numbers that no store can keep as sent

    @Test
    void refusesNulCharacterInName() {
        assertThat(refused(with("name", "\"page\\u0000view\"")))
                .containsExactly(new FieldError("name", "must not contain the NUL character (\\u0000)"));
    }

    @Test
    void refusesNulCharacterInDataValueNamingItsPath() {
        assertThat(refused(with("data", "{\"path\": [\"a\\u0000b\"]}")))
                .containsExactly(new FieldError("data.path[0]", "must not contain the NUL character (\\u0000)"));
    }

    @Test
    void refusesNulCharacterInDataKeyNamingTheKeyEscaped() {
        assertThat(refused(with("data", "{\"a\\u0000\": 1}")))
                .containsExactly(
                        new FieldError("data[\"a\\u0000\"]", "the key must not contain the NUL character (\\u0000)"));
    }

    @Test
    void refusesNulCharacterNestedInData() {
        assertThat(refused(with("data", "{\"a\": {\"b c\": [\"x\", \"y\\u0000\"]}}")))
                .containsExactly(new FieldError("data.a[\"b c\"][1]", "must not contain the NUL character (\\u0000)"));
    }

    @Test
    void acceptsTheTextBackslashU0000InData() {
        Event event = accepted(with("data", "{\"escaped\": \"\\\\u0000\"}"));

        assertThat(JSON.readTree(event.data()).get("escaped").stringValue()).isEqualTo("\\u0000");
    }

    @Test
    void refusesLoneHighSurrogateInName() {
        assertThat(refused(with("name", "\"page\\ud83d\"")))
                .containsExactly(new FieldError(
                        "name", "must not contain an unpaired UTF-16 surrogate (\\ud83d) at character 5"));
    }

    @Test
    void refusesLoneLowSurrogateInData() {
        assertThat(refused(with("data", "{\"text\": \"\\ude00 cut\"}")))
                .containsExactly(new FieldError(
                        "data.text", "must not contain an unpaired UTF-16 surrogate (\\ude00) at character 1"));
    }

    @Test
    void refusesHighSurrogateFollowedByAnotherHighSurrogate() {
        assertThat(refused(with("category", "\"\\ud83d\\ud83d\\ude00\"")))
                .containsExactly(new FieldError(
                        "category", "must not contain an unpaired UTF-16 surrogate (\\ud83d) at character 1"));
    }

    @Test
    void refusesLoneSurrogateInDataKey() {
        assertThat(refused(with("data", "{\"odd key\\ud83d\": 1}")))
                .containsExactly(new FieldError(
                        "data[\"odd key\\ud83d\"]",
                        "the key must not contain an unpaired UTF-16 surrogate (\\ud83d) at character 8"));
    }

    @Test
    void namesThePathOfALoneSurrogateDeepInData() {
        assertThat(refused(with("data", "{\"items\": [{}, {}, {\"name\": \"\\ud83d\"}]}")))
                .extracting(FieldError::field)
                .containsExactly("data.items[2].name");
    }

    @Test
    void reportsEveryUnstorableValueOfData() {
        assertThat(refused(with("data", "{\"a\": \"\\ud83d\", \"b\": \"ok\", \"c\": [\"\\u0000\"], \"d\": 1e999999}")))
                .extracting(FieldError::field)
                .containsExactly("data.a", "data.c[0]", "data.d");
    }

    @Test
    void refusesLoneSurrogateInSessionIdAlongWithOtherErrors() {
        JsonNode event = with("session_id", "\"\\udbff\"");
        ((ObjectNode) event).remove("name");

        assertThat(refused(event)).extracting(FieldError::field).containsExactly("session_id", "name");
    }

    @Test
    void acceptsSurrogatePairAndKeepsTheEmoji() {
        Event event = accepted(with("data", "{\"smile\": \"\\ud83d\\ude00\", \"\\ud83d\\ude00\": 1}"));

        assertThat(event.data()).isEqualTo("{\"smile\":\"\uD83D\uDE00\",\"\uD83D\uDE00\":1}");
    }

    @Test
    void refusesHugeExponent() {
        assertThat(refused(with("data", "{\"n\": 1e999999}")))
                .containsExactly(new FieldError("data.n", StorableNumber.MESSAGE));
    }

    @Test
    void refusesTheNumbersThatReadBackAsMegabytes() {
        // 9 characters sent, 131,072 digits as PostgreSQL writes them back
        String numbers = String.join(",", Collections.nCopies(200, "1E+131071"));

        List<FieldError> errors = refused(with("data", "{\"a\": [" + numbers + "]}"));

        assertThat(errors).hasSize(FieldErrors.MAX_ERRORS);
        assertThat(errors.get(0)).isEqualTo(new FieldError("data.a[0]", StorableNumber.MESSAGE));
        assertThat(errors.get(19)).isEqualTo(new FieldError("event", "181 more errors not listed"));
    }

    @Test
    void acceptsNumbersOf1000CharactersWrittenOutAndStoresThemSo() {
        Event event = accepted(with("data", "{\"a\": 1e999, \"b\": -1e-997, \"c\": 1.5e999, \"d\": 0e-998}"));

        assertThat(event.data())
                .isEqualTo("{\"a\":1" + "0".repeat(999) + ",\"b\":-0." + "0".repeat(996) + "1,\"c\":15"
                        + "0".repeat(998) + ",\"d\":0." + "0".repeat(998) + "}");
    }

    @Test
    void refusesNumbersOneCharacterLongerWrittenOut() {
        assertThat(refused(with(
                        "data",
                        "{\"a\": 1e1000, \"b\": -1e-998, \"c\": 1.5e1000, \"d\": 0e-999, \"e\": 1e999, \"f\":"
                                + " -1e999}")))
                .extracting(FieldError::field)
                .containsExactly("data.a", "data.b", "data.c", "data.d", "data.f");
    }

    @Test
    void countsTrailingZerosAsSentAsDigitsAfterThePoint() {
        assertThat(refused(with("data", "{\"a\": 1." + "0".repeat(999) + ", \"b\": 1." + "0".repeat(998) + "}")))
                .containsExactly(new FieldError("data.a", StorableNumber.MESSAGE));
    }

    @Test
    void refusesAZeroWithAnExponentAsItsDigitsWrittenOut() {
        assertThat(refused(with("data", "{\"a\": 0e1073741823, \"b\": 0e1000, \"c\": 0e999}")))
                .extracting(FieldError::field)
                .containsExactly("data.a", "data.b");
    }

    @Test
    void writesNumbersOutInFullExactlyAsSent() {
        Event event = accepted(with("data", "{\"a\": 1e3, \"b\": 1.0E+2, \"c\": 1.00e-2, \"d\": 0e5, \"e\": -2.5E1}"));

        assertThat(event.data()).isEqualTo("{\"a\":1000,\"b\":100,\"c\":0.0100,\"d\":0,\"e\":-25}");
    }

    @Test
    void measuresDataWithItsNumbersWrittenOut() {
        parser = parser(DataSize.ofBytes(100), Duration.ZERO);

        // 12 bytes as Jackson writes it short ({"a":1E+150}), 157 written out
        assertThat(refused(with("data", "{\"a\":1e150}")))
                .containsExactly(
                        new FieldError("data", "must be at most 100 bytes serialised, numbers written out in full"));
    }

    @Test
    void acceptsDataOfExactlyTheMaximumSizeWrittenOut() {
        parser = parser(DataSize.ofBytes(100), Duration.ZERO);

        // {"a":} is 6 bytes, the number 94
        Event event = accepted(with("data", "{\"a\":1e93}"));

        assertThat(event.data()).hasSize(100);
        assertThat(refused(with("data", "{\"a\":1e94}")))
                .extracting(FieldError::field)
                .containsExactly("data");
    }

    @Test
    void keepsNumbersExactlyAsSent() {
        Event event = accepted(with(
                "data", "{\"a\": 0.1000000000000000055511151231257827, \"b\": 1.10, \"c\": 12345678901234567890}"));

        assertThat(event.data())
                .isEqualTo("{\"a\":0.1000000000000000055511151231257827,\"b\":1.10,\"c\":12345678901234567890}");
    }

    // how errors are named and bounded

    @Test
    void namesAnUnknownFieldWithAnOddNameAsAQuotedKey() {
        assertThat(refused(with("user agent", "\"curl\"")))
                .containsExactly(new FieldError("[\"user agent\"]", "unknown field"));
    }

    @Test
    void namesAnUnknownFieldWhoseNameHoldsNulWithTheNulEscaped() {
        JsonNode event = valid();
        ((ObjectNode) event).put("x\u0000y", 1);

        assertThat(refused(event)).containsExactly(new FieldError("[\"x\\u0000y\"]", "unknown field"));
    }

    @Test
    void listsAtMost20ErrorsAndSaysHowManyMoreThereWere() {
        ObjectNode event = (ObjectNode) valid();
        for (int i = 0; i < 30; i++) {
            event.put("extra" + i, i);
        }

        List<FieldError> errors = refused(event);

        assertThat(errors).hasSize(20);
        assertThat(errors.subList(0, 19)).extracting(FieldError::message).containsOnly("unknown field");
        assertThat(errors.get(19)).isEqualTo(new FieldError("event", "11 more errors not listed"));
    }

    @Test
    void listsExactly20ErrorsInFull() {
        ObjectNode event = (ObjectNode) valid();
        for (int i = 0; i < 20; i++) {
            event.put("extra" + i, i);
        }

        assertThat(refused(event)).hasSize(20).extracting(FieldError::message).containsOnly("unknown field");
    }

    @Test
    void boundsTheErrorsOfData() {
        String values = String.join(",", Collections.nCopies(1000, "\"\\ud83d\""));

        List<FieldError> errors = refused(with("data", "{\"a\": [" + values + "]}"));

        assertThat(errors).hasSize(20);
        assertThat(errors.get(0).field()).isEqualTo("data.a[0]");
        assertThat(errors.get(18).field()).isEqualTo("data.a[18]");
        assertThat(errors.get(19)).isEqualTo(new FieldError("event", "981 more errors not listed"));
    }

    // sent_at: the sender's clock when it sent

    @Test
    void correctsTheTimestampOfASenderWhoseClockRunsThreeSecondsFast() {
        JsonNode event = with("timestamp", "\"2025-06-01T12:00:03.123456Z\"");
        ((ObjectNode) event).put("sent_at", "2025-06-01T12:00:03.123456Z");

        Event accepted = accepted(event);

        assertThat(accepted.timestamp()).isEqualTo(RECEIVED);
        assertThat(accepted.originalTimestamp()).isEqualTo(Instant.parse("2025-06-01T12:00:03.123456Z"));
    }

    @Test
    void correctsTheTimestampOfASenderWhoseClockRunsSlow() {
        JsonNode event = with("timestamp", "\"2025-06-01 10:59:00\"");
        ((ObjectNode) event).put("sent_at", "2025-06-01T11:00:00.123456+00:00");

        Event accepted = accepted(event);

        assertThat(accepted.timestamp()).isEqualTo(Instant.parse("2025-06-01T11:59:00Z"));
        assertThat(accepted.originalTimestamp()).isEqualTo(Instant.parse("2025-06-01T10:59:00Z"));
    }

    @Test
    void leavesTheTimestampAloneWhenSentAtIsWithinTheThreshold() {
        JsonNode event = valid();
        ((ObjectNode) event).put("sent_at", "2025-06-01T11:59:59.500000Z");

        Event accepted = accepted(event);

        assertThat(accepted.timestamp()).isEqualTo(Instant.parse("2025-06-01T11:59:00Z"));
        assertThat(accepted.originalTimestamp()).isNull();
    }

    @Test
    void keepsTheReceiptTimeForAnEventWithSentAtButNoTimestamp() {
        JsonNode event = with("timestamp", null);
        ((ObjectNode) event).put("sent_at", "2025-06-01T13:00:00Z");

        Event accepted = accepted(event);

        assertThat(accepted.timestamp()).isEqualTo(RECEIVED);
        assertThat(accepted.originalTimestamp()).isNull();
    }

    @Test
    void leavesEventsWithoutSentAtAsTheyWere() {
        assertThat(accepted(valid()).originalTimestamp()).isNull();
    }

    @Test
    void refusesAFutureTimestampAfterTheCorrection() {
        JsonNode event = with("timestamp", "\"2025-06-01T12:00:10Z\"");
        ((ObjectNode) event).put("sent_at", "2025-06-01T12:00:05Z");

        assertThat(refused(event)).containsExactly(new FieldError("timestamp", "timestamp is in the future"));
    }

    @Test
    void refusesASentAtThatIsNoTimestamp() {
        assertThat(refused(with("sent_at", "\"yesterday\"")))
                .containsExactly(new FieldError("sent_at", EventTimestamps.EXPECTED));
        assertThat(refused(with("sent_at", "1717243200")))
                .containsExactly(new FieldError("sent_at", "must be an ISO-8601 string"));
    }

    @Test
    void refusesACorrectionBeyondTheYearsAnEventCanHave() {
        JsonNode event = with("timestamp", "\"0001-01-01T00:00:01Z\"");
        ((ObjectNode) event).put("sent_at", "2025-06-01T13:00:00Z");

        assertThat(refused(event))
                .containsExactly(new FieldError("sent_at", "corrects the timestamp to outside the years 1 to 9999"));
    }

    @Test
    void tellsTheSkewOfEveryAcceptedEventWithSentAt() {
        List<Duration> skews = new java.util.ArrayList<>();
        EventParser counting = new EventParser(TestValidationLimits.defaults(), JSON, skews::add);
        JsonNode event = valid();
        ((ObjectNode) event).put("sent_at", "2025-06-01T12:00:00.623456Z");

        counting.parse(event, CLIENT, RECEIVED);
        counting.parse(valid(), CLIENT, RECEIVED);

        assertThat(skews).containsExactly(Duration.ofMillis(-500));
    }
}
