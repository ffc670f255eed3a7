package io.theeye.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.micrometer.core.instrument.MeterRegistry;
import io.theeye.store.ClientStore;
import io.theeye.store.SqlDialect;
import io.theeye.support.ApiClient;
import io.theeye.support.SlowRequest;
import io.theeye.support.Tokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /events} through real HTTP against the running application and a real database; each subclass names
 * the database.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "the-eye.auth.client-refresh-interval=100ms")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IngestIntegrationTestCases {

    static final String README_EVENT = """
            {"session_id": "e2085be5-9137-4e4e-80b5-f1ffddc25423", "category": "page interaction", "name": "pageview",
             "data": {"host": "www.example.com", "path": "/"}, "timestamp": "2021-01-01 09:15:27.243860"}""";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    Environment environment;

    @Autowired
    ClientStore clients;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SqlDialect dialect;

    @Autowired
    MeterRegistry meters;

    ApiClient api;
    ClientStore.Client client;
    String token;

    @BeforeAll
    void createClient() {
        api = new ApiClient(port());
        client = clients.create("integration test");
        token = Tokens.valid(client.clientId(), client.secretKey());
        awaitAccepted(token);
    }

    @Test
    void acceptsTheReadmeExampleAndStoresIt() {
        HttpResponse<String> response = api.postEvents(token, README_EVENT);

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = ApiClient.json(response);
        assertThat(body.get("accepted").asInt()).isEqualTo(1);
        assertThat(body.get("rejected").isEmpty()).isTrue();
        UUID id = UUID.fromString(body.get("ids").get(0).stringValue());
        assertThat(id.version()).isEqualTo(7);
        Map<String, Object> row = jdbc.sql("select * from events where id = ?")
                .param(dialect.uuid(id))
                .query()
                .singleRow();
        assertThat(row)
                .containsEntry("CLIENT_ID", dialect.uuid(client.clientId()))
                .containsEntry("SESSION_ID", "e2085be5-9137-4e4e-80b5-f1ffddc25423");
        assertThat(row.get("CATEGORY")).isEqualTo("page interaction");
        assertThat(row.get("NAME")).isEqualTo("pageview");
        assertThat(storedTimestamp(id)).isEqualTo(Instant.parse("2021-01-01T09:15:27.243860Z"));
        assertThat(JSON.readTree(storedData(id)))
                .isEqualTo(JSON.readTree("{\"host\": \"www.example.com\", \"path\": \"/\"}"));
    }

    @Test
    void acceptsTheOriginalPathAndAuthenticationHeader() {
        HttpResponse<String> response = api.send(
                "POST",
                "/events/",
                README_EVENT,
                Map.of("Authentication", "Bearer " + token, "Content-Type", "application/json; charset=utf-8"));

        assertThat(response.statusCode()).isEqualTo(202);
        assertStored(ApiClient.json(response).get("ids").get(0).stringValue());
    }

    @Test
    void attachesTheReceiptTimeToAnEventWithoutTimestamp() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
        HttpResponse<String> response =
                api.postEvents(token, "{\"session_id\": \"s1\", \"category\": \"c\", \"name\": \"n\"}");
        Instant after = Instant.now();

        assertThat(response.statusCode()).isEqualTo(202);
        UUID id = UUID.fromString(ApiClient.json(response).get("ids").get(0).stringValue());
        assertThat(storedTimestamp(id)).isBetween(before, after);
        assertThat(storedData(id)).isEqualTo("{}");
    }

    @Test
    void takesTheReceiptTimeOnceTheBodyHasArrived() {
        String marker = UUID.randomUUID().toString();
        int status;
        Instant bodySent;
        try (SlowRequest slow = SlowRequest.postEvents(port(), token)) {
            // The server is in the handler, waiting for the body.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> meters.get("theeye.ingest.requests.in.flight")
                                    .gauge()
                                    .value()
                            >= 1);
            bodySent = Instant.now().truncatedTo(ChronoUnit.MICROS);
            status = slow.finish("""
                    [{"session_id": "%s", "category": "c", "name": "without timestamp"},
                     {"session_id": "%s", "category": "c", "name": "sent with the body", "timestamp": "%s"}]""".formatted(marker, marker, bodySent));
        }

        assertThat(status).isEqualTo(202);
        assertThat(countRejected(marker)).isZero();
        Instant received = jdbc.sql(
                        "select \"timestamp\" from events where client_id = ? and session_id = ? and name = ?")
                .params(dialect.uuid(client.clientId()), marker, "without timestamp")
                .query((rs, n) -> dialect.instant(rs, 1))
                .single();
        assertThat(received).isAfterOrEqualTo(bodySent);
    }

    @Test
    void storesABodyWhoseFirstPartCameWithItsHeadAndTheRestLater() {
        String marker = UUID.randomUUID().toString();
        String body = """
                {"session_id": "%s", "category": "c", "name": "sent in two parts"}""".formatted(marker);
        int status;
        try (SlowRequest slow = SlowRequest.postEvents(port(), token, body, body.length() / 2)) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> meters.get("theeye.ingest.requests.in.flight")
                                    .gauge()
                                    .value()
                            >= 1);
            status = slow.finish();
        }

        assertThat(status).isEqualTo(202);
        assertThat(countEvents("session_id = ?", marker)).isEqualTo(1);
    }

    @Test
    void acceptsTheEventsOfADeviceWhoseClockRunsThreeSecondsFastAtTheirCorrectedTime() {
        // The device's clock reads 3 s ahead: its event happened half a second before it sent.
        Instant deviceNow = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MICROS);
        Instant happened = deviceNow.minusMillis(500);
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
        HttpResponse<String> response = api.postEvents(token, """
                {"session_id": "s", "category": "c", "name": "fast clock", "timestamp": "%s", "sent_at": "%s"}""".formatted(happened, deviceNow));
        Instant after = Instant.now();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        UUID id = UUID.fromString(ApiClient.json(response).get("ids").get(0).stringValue());
        assertThat(storedTimestamp(id)).isBetween(before.minusSeconds(1), after);
        assertThat(storedOriginalTimestamp(id)).isEqualTo(happened);
    }

    @Test
    void leavesTheTimestampAsSentWhenSentAtIsWithinTheThreshold() {
        // Half a second ahead, less the request's own delay: within the default second either way.
        Instant sentAt = Instant.now().plusMillis(500).truncatedTo(ChronoUnit.MICROS);
        HttpResponse<String> response = api.postEvents(token, """
                {"session_id": "s", "category": "c", "name": "good clock", "timestamp": "2021-01-01T09:15:27.243860Z", "sent_at": "%s"}""".formatted(sentAt));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        UUID id = UUID.fromString(ApiClient.json(response).get("ids").get(0).stringValue());
        assertThat(storedTimestamp(id)).isEqualTo(Instant.parse("2021-01-01T09:15:27.243860Z"));
        assertThat(storedOriginalTimestamp(id)).isNull();
    }

    @Test
    void keepsTheReceiptTimeOfAnEventWithSentAtButNoTimestamp() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
        HttpResponse<String> response = api.postEvents(token, """
                {"session_id": "s", "category": "c", "name": "n", "sent_at": "2021-01-01T00:00:00Z"}""");
        Instant after = Instant.now();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        UUID id = UUID.fromString(ApiClient.json(response).get("ids").get(0).stringValue());
        assertThat(storedTimestamp(id)).isBetween(before, after);
        assertThat(storedOriginalTimestamp(id)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"yesterday\"", "1717243200", "\"2024-13-01T00:00:00Z\""})
    void refusesASentAtThatIsNoTimestampWith400NamingIt(String sentAt) {
        HttpResponse<String> response = api.postEvents(token, """
                {"session_id": "s", "category": "c", "name": "n", "timestamp": "2021-01-01T00:00:00Z", "sent_at": %s}""".formatted(sentAt));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error =
                ApiClient.json(response).get("rejected").get(0).get("errors").get(0);
        assertThat(error.get("field").stringValue()).isEqualTo("sent_at");
    }

    @Test
    void publishesTheSkewOfSendersClocksAsAHistogram() {
        Instant deviceNow = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MICROS);
        assertThat(api.postEvents(token, """
                {"session_id": "s", "category": "c", "name": "n", "timestamp": "%s", "sent_at": "%s"}""".formatted(deviceNow, deviceNow)).statusCode())
                .isEqualTo(202);

        String scrape = api.send("GET", "/actuator/prometheus", null, Map.of()).body();

        assertThat(scrape)
                .contains("theeye_ingest_clock_skew_seconds_count")
                .contains("theeye_ingest_clock_skew_seconds_bucket{le=\"5.0\"}");
    }

    @Test
    void acceptsTheValidEventsOfABatchAndListsTheInvalidOnesByIndex() {
        String marker = UUID.randomUUID().toString();
        HttpResponse<String> response = api.postEvents(token, """
                [{"session_id": "%s", "category": "c", "name": "ok-1"},
                 {"session_id": "%s", "category": "c"},
                 {"session_id": "%s", "category": "c", "name": "ok-2", "colour": "red"},
                 {"session_id": "%s", "category": "c", "name": "ok-3"}]""".formatted(marker, marker, marker, marker));

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = ApiClient.json(response);
        assertThat(body.get("accepted").asInt()).isEqualTo(2);
        assertThat(body.get("ids")).hasSize(2);
        assertThat(body.get("rejected")).hasSize(2);
        assertThat(body.get("rejected").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(body.get("rejected").get(0).get("errors").get(0).get("field").stringValue())
                .isEqualTo("name");
        assertThat(body.get("rejected").get(1).get("index").asInt()).isEqualTo(2);
        assertThat(body.get("rejected").get(1).get("errors").get(0).get("field").stringValue())
                .isEqualTo("colour");
        assertThat(countEvents("session_id = ?", marker)).isEqualTo(2);
        assertThat(countRejected(marker)).isEqualTo(2);
    }

    @Test
    void answers400WithTheSameShapeWhenNoEventOfABatchIsValid() {
        String marker = UUID.randomUUID().toString();
        HttpResponse<String> response = api.postEvents(token, """
                [{"session_id": "%s"}, {"session_id": "%s", "category": "c", "name": "n", "timestamp": "2999-01-01T00:00:00Z"}]""".formatted(marker, marker));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = ApiClient.json(response);
        assertThat(body.get("accepted").asInt()).isZero();
        assertThat(body.get("ids")).isEmpty();
        assertThat(body.get("rejected")
                        .get(1)
                        .get("errors")
                        .get(0)
                        .get("message")
                        .stringValue())
                .isEqualTo("timestamp is in the future");
        assertThat(countEvents("session_id = ?", marker)).isZero();
        assertThat(countRejected(marker)).isEqualTo(2);
    }

    @Test
    void refusesANulCharacterAsTheClientsMistakeAndStoresTheRestOfTheBatch() {
        String marker = UUID.randomUUID().toString();
        HttpResponse<String> response = api.postEvents(token, """
                [{"session_id": "%s", "category": "c", "name": "n", "data": {"k": "a\\u0000b"}},
                 {"session_id": "%s", "category": "c", "name": "n", "x\\u0000": 1},
                 {"session_id": "%s", "category": "c", "name": "n"}]""".formatted(marker, marker, marker));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(ApiClient.json(response).get("rejected")).hasSize(2);
        assertThat(countEvents("session_id = ?", marker)).isEqualTo(1);
        assertThat(countRejected(marker)).isEqualTo(2);
    }

    static Stream<Arguments> unstorableEvents() {
        return Stream.of(
                // half an emoji, as JavaScript sends when it cuts a string between the two halves
                arguments("\"category\": \"\\ud83d\"", "category"),
                arguments(
                        "\"category\": \"c\", \"data\": {\"items\": [0, 1, {\"name\": \"\\ude00\"}]}",
                        "data.items[2].name"),
                arguments("\"category\": \"c\", \"data\": {\"odd key\\ud83d\": 1}", "data[\"odd key\\ud83d\"]"),
                arguments("\"category\": \"c\", \"data\": {\"a\": {\"b\": \"x\\u0000\"}}", "data.a.b"),
                arguments("\"category\": \"c\", \"data\": {\"n\": [1e999999]}", "data.n[0]"),
                arguments("\"category\": \"c\", \"data\": {\"n\": 1e-16384}", "data.n"),
                arguments("\"category\": \"c\", \"x\\u0000\\ud83d\": 1", "[\"x\\u0000\\ud83d\"]"));
    }

    @ParameterizedTest
    @MethodSource("unstorableEvents")
    void refusesTextOrNumbersNoStoreCanKeepWith400NamingTheirPath(String fields, String path) {
        String marker = UUID.randomUUID().toString();
        HttpResponse<String> response =
                api.postEvents(token, "{\"session_id\": \"%s\", \"name\": \"n\", %s}".formatted(marker, fields));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode rejected = ApiClient.json(response).get("rejected");
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).get("errors")).hasSize(1);
        assertThat(rejected.get(0).get("errors").get(0).get("field").stringValue())
                .isEqualTo(path);
        assertThat(countEvents("session_id = ?", marker)).isZero();
        assertThat(countRejected(marker)).isEqualTo(1);
    }

    @Test
    void storesTheGoodEventsOfABatchBesideUnstorableOnes() {
        String marker = UUID.randomUUID().toString();
        HttpResponse<String> response = api.postEvents(token, """
                [{"session_id": "%s", "category": "c", "name": "ok-1"},
                 {"session_id": "%s", "category": "c", "name": "n", "data": {"emoji": "\\ud83d"}},
                 {"session_id": "%s", "category": "c", "name": "n", "data": {"n": 1e999999}},
                 {"session_id": "%s", "category": "c", "name": "ok-2", "data": {"emoji": "\\ud83d\\ude00"}}]""".formatted(marker, marker, marker, marker));

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = ApiClient.json(response);
        assertThat(body.get("accepted").asInt()).isEqualTo(2);
        assertThat(body.get("rejected").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(body.get("rejected").get(0).get("errors").get(0).get("field").stringValue())
                .isEqualTo("data.emoji");
        assertThat(body.get("rejected").get(1).get("index").asInt()).isEqualTo(2);
        assertThat(body.get("rejected").get(1).get("errors").get(0).get("field").stringValue())
                .isEqualTo("data.n");
        assertThat(countEvents("session_id = ?", marker)).isEqualTo(2);
        UUID withEmoji = UUID.fromString(body.get("ids").get(1).stringValue());
        assertThat(JSON.readTree(storedData(withEmoji)).get("emoji").stringValue())
                .isEqualTo("\uD83D\uDE00");
        // the record of the refusal is stored too, the unpaired surrogate in it replaced
        assertThat(countRejected(marker)).isEqualTo(2);
        assertThat(storedRejectedRaw(marker)).anySatisfy(raw -> assertThat(raw).contains("{\"emoji\":\"\uFFFD\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"c080", "eda0bd", "f4908080", "ff"})
    void refusesABodyThatIsNotUtf8With400(String badBytes) {
        String marker = UUID.randomUUID().toString();
        byte[] start = "{\"session_id\": \"%s\", \"category\": \"c\", \"name\": \"n\", \"data\": {\"t\": \""
                .formatted(marker)
                .getBytes(StandardCharsets.UTF_8);
        byte[] bad = HexFormat.of().parseHex(badBytes);
        byte[] end = "\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[start.length + bad.length + end.length];
        System.arraycopy(start, 0, body, 0, start.length);
        System.arraycopy(bad, 0, body, start.length, bad.length);
        System.arraycopy(end, 0, body, start.length + bad.length, end.length);

        HttpResponse<String> response = api.postEvents(token, body);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode answer = ApiClient.json(response);
        assertThat(answer.get("error").stringValue()).isEqualTo("malformed_json");
        assertThat(answer.get("errors").get(0).get("field").stringValue()).isEqualTo("body");
        assertThat(answer.get("message").stringValue()).contains("not UTF-8 at byte " + start.length);
        assertThat(countEvents("session_id = ?", marker)).isZero();
        assertThat(countRejected(marker)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "x-gzip", "deflate", "raw deflate"})
    void acceptsABodyCompressedAsSdksSendIt(String encoding) throws IOException {
        String marker = UUID.randomUUID().toString();
        String event = "{\"session_id\": \"%s\", \"category\": \"c\", \"name\": \"n\"}".formatted(marker);
        byte[] body = compress(encoding, ("[" + event + "," + event + "]").getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response =
                api.postEvents(token, body, Map.of("Content-Encoding", encoding.replace("raw ", "")));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(ApiClient.json(response).get("accepted").asInt()).isEqualTo(2);
        assertThat(countEvents("session_id = ?", marker)).isEqualTo(2);
    }

    @Test
    void refusesACompressedBodyThatWouldInflatePastTheLimitWith413() throws IOException {
        // 10 MiB of zeros compress to about 10 KiB.
        byte[] body = compress("gzip", new byte[10 * 1024 * 1024]);
        assertThat(body.length).isLessThan(64 * 1024);

        HttpResponse<String> response = api.postEvents(token, body, Map.of("Content-Encoding", "gzip"));

        assertThat(response.statusCode()).isEqualTo(413);
        JsonNode answer = ApiClient.json(response);
        assertThat(answer.get("error").stringValue()).isEqualTo("body_too_large");
        assertThat(answer.at("/errors/0/message").stringValue())
                .isEqualTo("must be at most 1048576 bytes decompressed");
    }

    @Test
    void refusesAnEncodingItCannotReadWith415NamingContentEncoding() {
        HttpResponse<String> response =
                api.postEvents(token, README_EVENT.getBytes(StandardCharsets.UTF_8), Map.of("Content-Encoding", "br"));

        assertThat(response.statusCode()).isEqualTo(415);
        JsonNode answer = ApiClient.json(response);
        assertThat(answer.get("error").stringValue()).isEqualTo("unsupported_encoding");
        assertThat(answer.at("/errors/0/field").stringValue()).isEqualTo("Content-Encoding");
        assertThat(answer.at("/errors/0/message").stringValue()).isEqualTo("must be gzip, deflate or identity");
    }

    @Test
    void refusesABodyThatIsNotWhatItsEncodingSaysWith400() {
        HttpResponse<String> response = api.postEvents(
                token, README_EVENT.getBytes(StandardCharsets.UTF_8), Map.of("Content-Encoding", "gzip"));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode answer = ApiClient.json(response);
        assertThat(answer.get("error").stringValue()).isEqualTo("malformed_body");
        assertThat(answer.at("/errors/0/field").stringValue()).isEqualTo("body");
        assertThat(answer.at("/errors/0/message").stringValue()).startsWith("is not valid gzip data");
    }

    private static byte[] compress(String encoding, byte[] plain) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (OutputStream out = switch (encoding) {
            case "gzip", "x-gzip" -> new GZIPOutputStream(compressed);
            case "deflate" -> new DeflaterOutputStream(compressed, new Deflater());
            case "raw deflate" ->
                new DeflaterOutputStream(compressed, new Deflater(Deflater.DEFAULT_COMPRESSION, true));
            default -> throw new IllegalArgumentException(encoding);
        }) {
            out.write(plain);
        }
        return compressed.toByteArray();
    }

    static Stream<String> unreadableNumbers() {
        return Stream.of("1e2147483648", "-1e-2147483649", "1" + "0".repeat(1000));
    }

    @ParameterizedTest
    @MethodSource("unreadableNumbers")
    void refusesANumberTooLargeToReadAsAMalformedBody(String number) {
        HttpResponse<String> response = api.postEvents(
                token,
                "{\"session_id\": \"s\", \"category\": \"c\", \"name\": \"n\", \"data\": {\"n\": " + number + "}}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = ApiClient.json(response);
        assertThat(body.get("error").stringValue()).isEqualTo("malformed_json");
        assertThat(body.get("errors").get(0).get("field").stringValue()).isEqualTo("body");
    }

    @Test
    void keepsEveryErrorMessageWithin200Characters() {
        HttpResponse<String> response = api.postEvents(token, "{\"session_id\": " + "x".repeat(1000) + "}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = ApiClient.json(response);
        assertThat(body.get("errors").get(0).get("message").stringValue()).hasSizeBetween(100, 200);
    }

    @Test
    void listsAtMost20ErrorsOfAnEvent() {
        StringBuilder event = new StringBuilder("{\"session_id\": \"s\", \"category\": \"c\", \"name\": \"n\"");
        for (int i = 0; i < 25; i++) {
            event.append(", \"extra").append(i).append("\": ").append(i);
        }
        HttpResponse<String> response = api.postEvents(token, event.append('}').toString());

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode errors = ApiClient.json(response).get("rejected").get(0).get("errors");
        assertThat(errors).hasSize(20);
        assertThat(errors.get(19).get("message").stringValue()).isEqualTo("6 more errors not listed");
    }

    /** The event of the finding: 2 KB sent, 26 MB read back from PostgreSQL when it was accepted. */
    private static String amplifiedNumbers(String marker) {
        return "{\"session_id\": \"%s\", \"category\": \"c\", \"name\": \"amplified\", \"data\": {\"a\": [%s]}}"
                .formatted(marker, String.join(", ", java.util.Collections.nCopies(200, "1E+131071")));
    }

    @Test
    void refusesNumbersThatWouldReadBackAsMegabytesNamingTheirPath() {
        String marker = UUID.randomUUID().toString();

        HttpResponse<String> response = api.postEvents(token, amplifiedNumbers(marker));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode errors = ApiClient.json(response).get("rejected").get(0).get("errors");
        assertThat(errors.get(0).get("field").stringValue()).isEqualTo("data.a[0]");
        assertThat(errors.get(0).get("message").stringValue()).contains("1000 characters written out in full");
        assertThat(errors).hasSize(20);
        assertThat(errors.get(19).get("message").stringValue()).isEqualTo("181 more errors not listed");
        assertThat(countEvents("session_id = ?", marker)).isZero();
        assertThat(countRejected(marker)).isEqualTo(1);
    }

    @Test
    void storesTheOtherEventsOfABatchBesideOneWithAmplifiedNumbers() {
        String marker = UUID.randomUUID().toString();
        String ok = "{\"session_id\": \"%s\", \"category\": \"c\", \"name\": \"ok\", \"data\": {\"n\": 1E+900}}"
                .formatted(marker);

        HttpResponse<String> response =
                api.postEvents(token, "[" + ok + ", " + amplifiedNumbers(marker) + ", " + ok + "]");

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = ApiClient.json(response);
        assertThat(body.get("accepted").asInt()).isEqualTo(2);
        assertThat(body.get("rejected")).hasSize(1);
        assertThat(body.get("rejected").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(countEvents("session_id = ?", marker)).isEqualTo(2);
        assertThat(countRejected(marker)).isEqualTo(1);
    }

    @Test
    void acceptsNumbersOfUpTo1000CharactersWrittenOutAndReadsThemBackExactly() {
        String marker = UUID.randomUUID().toString();
        HttpResponse<String> response = api.postEvents(token, """
                {"session_id": "%s", "category": "c", "name": "n",
                 "data": {"big": 1E+900, "negative": -9.99e996, "small": 1.50e-3, "tiny": 1e-900, "scale": 1.10}}""".formatted(marker));

        assertThat(response.statusCode()).isEqualTo(202);
        HttpResponse<String> read =
                api.send("GET", "/events?session_id=" + marker, null, Map.of("Authorization", "Bearer " + token));
        assertThat(read.statusCode()).isEqualTo(200);
        // read as a client with Jackson's default limits reads it: numbers of up to 1000 characters
        JsonNode data = JsonMapper.builder()
                .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build()
                .readTree(read.body())
                .get("results")
                .get(0)
                .get("data");
        assertThat(data.get("big").bigIntegerValue()).isEqualTo(java.math.BigInteger.TEN.pow(900));
        assertThat(data.get("negative").bigIntegerValue())
                .isEqualTo(new java.math.BigDecimal("-9.99e996").toBigIntegerExact());
        assertThat(data.get("small").decimalValue()).isEqualTo(new java.math.BigDecimal("0.00150"));
        assertThat(data.get("tiny").decimalValue()).isEqualTo(new java.math.BigDecimal("1e-900"));
        assertThat(data.get("scale").decimalValue()).isEqualTo(new java.math.BigDecimal("1.10"));
        assertThat(read.body()).contains("1" + "0".repeat(900)).doesNotContain("E+", "E-");
    }

    @Test
    void refusesDataWithinTheLimitAsSentButNotWrittenOut() {
        String marker = UUID.randomUUID().toString();
        // 100 numbers of 6 characters as sent, 901 each written out: 90 KB, over the 64 KiB limit
        String numbers = String.join(",", java.util.Collections.nCopies(100, "1E+900"));

        HttpResponse<String> response = api.postEvents(
                token,
                "{\"session_id\": \"%s\", \"category\": \"c\", \"name\": \"n\", \"data\": {\"a\": [%s]}}"
                        .formatted(marker, numbers));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode errors = ApiClient.json(response).get("rejected").get(0).get("errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get("field").stringValue()).isEqualTo("data");
        assertThat(errors.get(0).get("message").stringValue())
                .isEqualTo("must be at most 65536 bytes serialised, numbers written out in full");
        assertThat(countEvents("session_id = ?", marker)).isZero();
    }

    @Test
    void storesBoundedErrorsForAnEventWithAHugeKeyAndManyErrors() {
        // a client of its own, so that its refused events are this one alone
        ClientStore.Client alone = clients.create("huge key");
        String aloneToken = Tokens.valid(alone.clientId(), alone.secretKey());
        awaitAccepted(aloneToken);
        String key = "k".repeat(50_000);
        String values = String.join(", ", java.util.Collections.nCopies(40, "\"\\u0000\""));

        HttpResponse<String> response = api.postEvents(
                aloneToken,
                "{\"session_id\": \"s\", \"category\": \"c\", \"name\": \"n\", \"data\": {\"%s\": [%s]}}"
                        .formatted(key, values));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode answered = ApiClient.json(response).get("rejected").get(0).get("errors");
        HttpResponse<String> read =
                api.send("GET", "/rejected-events?limit=10", null, Map.of("Authorization", "Bearer " + aloneToken));
        assertThat(read.statusCode()).isEqualTo(200);
        JsonNode results = ApiClient.json(read).get("results");
        assertThat(results).hasSize(1);
        JsonNode stored = results.get(0).get("errors");
        assertThat(stored).isEqualTo(answered).hasSize(20);
        assertThat(stored.get(0).get("field").stringValue())
                .hasSize(200)
                .startsWith("data.kkk")
                .endsWith("k…");
        assertThat(stored.get(19).get("message").stringValue()).isEqualTo("21 more errors not listed");
        assertThat(JSON.writeValueAsString(stored).getBytes(StandardCharsets.UTF_8))
                .hasSizeLessThanOrEqualTo(16 * 1024);
        String storedText = jdbc.sql("select errors from rejected_events where client_id = ?")
                .param(dialect.uuid(alone.clientId()))
                .query(String.class)
                .single();
        assertThat(storedText.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(16 * 1024);
    }

    @Test
    void keepsNumbersInDataExactlyAsSent() {
        HttpResponse<String> response = api.postEvents(token, """
                {"session_id": "s", "category": "c", "name": "n",
                 "data": {"huge": 1e400, "precise": 0.1000000000000000055511151231257827, "count": 12345678901234567890}}""");

        assertThat(response.statusCode()).isEqualTo(202);
        UUID id = UUID.fromString(ApiClient.json(response).get("ids").get(0).stringValue());
        JsonNode data = JsonMapper.builder()
                .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build()
                .readTree(storedData(id));
        assertThat(data.get("huge").decimalValue()).isEqualByComparingTo("1e400");
        assertThat(data.get("precise").decimalValue()).isEqualByComparingTo("0.1000000000000000055511151231257827");
        assertThat(data.get("count").bigIntegerValue()).isEqualTo(new java.math.BigInteger("12345678901234567890"));
    }

    @Test
    void storesARetriedEventOnce() {
        String event = "{\"id\": \"%s\", \"session_id\": \"s\", \"category\": \"c\", \"name\": \"n\"}"
                .formatted(UUID.randomUUID());

        HttpResponse<String> first = api.postEvents(token, event);
        HttpResponse<String> retry = api.postEvents(token, event);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(ApiClient.json(retry).get("ids"))
                .isEqualTo(ApiClient.json(first).get("ids"));
        assertThat(countEvents(
                        "id = ?",
                        dialect.uuid(UUID.fromString(
                                ApiClient.json(first).get("ids").get(0).stringValue()))))
                .isEqualTo(1);
    }

    @Test
    void answersMalformedJsonWith400SayingWhereAndKeepsIt() {
        String marker = UUID.randomUUID().toString();
        HttpResponse<String> response = api.postEvents(token, "{\"session_id\": \"" + marker + "\",");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = ApiClient.json(response);
        assertThat(body.get("error").stringValue()).isEqualTo("malformed_json");
        assertThat(body.get("errors").get(0).get("field").stringValue()).isEqualTo("body");
        assertThat(body.get("message").stringValue()).contains("line 1, column");
        assertThat(countRejected(marker)).isEqualTo(1);
    }

    @Test
    void refusesABodyThatIsNeitherAnEventNorAnArray() {
        HttpResponse<String> response = api.postEvents(token, "\"pageview\"");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(ApiClient.json(response).get("errors").get(0).get("field").stringValue())
                .isEqualTo("body");
    }

    @Test
    void refusesAnEmptyArray() {
        assertThat(api.postEvents(token, "[]").statusCode()).isEqualTo(400);
    }

    @Test
    void refusesMoreThan1000EventsInOneRequest() {
        String events = "["
                + String.join(
                        ",",
                        java.util.Collections.nCopies(1001, "{\"session_id\":\"s\",\"category\":\"c\",\"name\":\"n\"}"))
                + "]";

        HttpResponse<String> response = api.postEvents(token, events);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(ApiClient.json(response).get("message").stringValue()).contains("1 to 1000 events");
    }

    @Test
    void refusesABodyOverOneMebibyteWith413() {
        String big = "{\"session_id\":\"s\",\"category\":\"c\",\"name\":\"n\",\"data\":{\"x\":\""
                + "a".repeat(1024 * 1024) + "\"}}";

        HttpResponse<String> response = api.postEvents(token, big);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(ApiClient.json(response).get("errors").get(0).get("field").stringValue())
                .isEqualTo("body");
    }

    @Test
    void refusesAContentTypeOtherThanJsonWith415() {
        HttpResponse<String> response = api.send(
                "POST",
                "/events",
                README_EVENT,
                Map.of("Authorization", "Bearer " + token, "Content-Type", "text/plain"));

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(ApiClient.json(response).get("errors").get(0).get("field").stringValue())
                .isEqualTo("Content-Type");
    }

    @Test
    void refusesAWildcardContentTypeWith415() {
        HttpResponse<String> response = api.send(
                "POST", "/events", README_EVENT, Map.of("Authorization", "Bearer " + token, "Content-Type", "*/*"));

        assertThat(response.statusCode()).isEqualTo(415);
    }

    @Test
    void acceptsAJsonSuffixContentType() {
        HttpResponse<String> response = api.send(
                "POST",
                "/events",
                README_EVENT,
                Map.of("Authorization", "Bearer " + token, "Content-Type", "application/vnd.theeye+json"));

        assertThat(response.statusCode()).isEqualTo(202);
    }

    @Test
    void refusesARequestWithoutContentTypeWith415() {
        HttpResponse<String> response =
                api.send("POST", "/events", README_EVENT, Map.of("Authorization", "Bearer " + token));

        assertThat(response.statusCode()).isEqualTo(415);
    }

    @Test
    void refusesARequestWithoutTokenWith401AndAChallenge() {
        HttpResponse<String> response =
                api.send("POST", "/events", README_EVENT, Map.of("Content-Type", "application/json"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(challenge ->
                        assertThat(challenge).startsWith("Bearer error=\"invalid_token\", error_description=\""));
        assertThat(ApiClient.json(response).get("error").stringValue()).isEqualTo("invalid_token");
    }

    @Test
    void refusesAnExpiredTokenWith401() {
        Instant longAgo = Instant.now().minus(Duration.ofHours(2));
        String expired =
                Tokens.signed(client.clientId(), client.secretKey(), longAgo, longAgo.plus(Duration.ofHours(1)));

        HttpResponse<String> response = api.postEvents(expired, README_EVENT);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("token expired");
    }

    @Test
    void refusesATokenLivingLongerThanTheMaximumLifetimeWith401() {
        Instant now = Instant.now();
        String tooLong = Tokens.signed(client.clientId(), client.secretKey(), now, now.plus(Duration.ofDays(7)));

        HttpResponse<String> response = api.postEvents(tooLong, README_EVENT);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .isEqualTo("Bearer error=\"invalid_token\", error_description=\"token lifetime too long\"");
        assertThat(ApiClient.json(response).get("message").stringValue()).isEqualTo("token lifetime too long");
    }

    @Test
    void refusesATokenSignedWithAnotherSecretLikeAnUnknownClient() {
        String forged = Tokens.valid(client.clientId(), "x".repeat(43));
        String unknown = Tokens.valid(UUID.randomUUID(), client.secretKey());

        HttpResponse<String> forgedResponse = api.postEvents(forged, README_EVENT);
        HttpResponse<String> unknownResponse = api.postEvents(unknown, README_EVENT);

        assertThat(forgedResponse.statusCode()).isEqualTo(401);
        assertThat(unknownResponse.statusCode()).isEqualTo(401);
        assertThat(forgedResponse.body()).isEqualTo(unknownResponse.body());
        assertThat(forgedResponse.headers().firstValue("WWW-Authenticate"))
                .isEqualTo(unknownResponse.headers().firstValue("WWW-Authenticate"));
    }

    @Test
    void refusesTheTokensOfARevokedClientWithinFiveSeconds() {
        ClientStore.Client doomed = clients.create("to be revoked");
        String doomedToken = Tokens.valid(doomed.clientId(), doomed.secretKey());
        awaitAccepted(doomedToken);

        clients.revoke(doomed.clientId());

        await().atMost(Duration.ofSeconds(5))
                .until(() -> api.postEvents(doomedToken, README_EVENT).statusCode() == 401);
    }

    @Test
    void answersCorsPreflightForAnyOrigin() {
        HttpResponse<String> response = api.send(
                "OPTIONS",
                "/events",
                null,
                Map.of(
                        "Origin", "https://shop.example.com",
                        "Access-Control-Request-Method", "POST",
                        "Access-Control-Request-Headers", "authorization, authentication, content-type"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(response.headers().firstValue("Access-Control-Allow-Methods"))
                .hasValue("GET,POST,PUT,DELETE,OPTIONS");
        assertThat(response.headers()
                        .firstValue("Access-Control-Allow-Headers")
                        .orElseThrow()
                        .toLowerCase())
                .contains("authorization", "authentication", "content-type");
        assertThat(response.headers().firstValue("Access-Control-Max-Age")).isPresent();
        assertThat(response.headers().firstValue("Access-Control-Allow-Credentials"))
                .isEmpty();
    }

    @Test
    void namesEveryAllowedHeaderInAPreflightThatAsksForNone() {
        HttpResponse<String> response = api.send(
                "OPTIONS",
                "/events",
                null,
                Map.of("Origin", "https://shop.example.com", "Access-Control-Request-Method", "POST"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Access-Control-Allow-Headers").orElseThrow())
                .isEqualTo("Authorization, Authentication, Content-Type, Content-Encoding, X-Retry-Count");
    }

    @Test
    void allowsAnyOriginOnTheResponseItself() {
        HttpResponse<String> response = api.send(
                "POST",
                "/events",
                README_EVENT,
                Map.of(
                        "Authorization",
                        "Bearer " + token,
                        "Content-Type",
                        "application/json",
                        "Origin",
                        "https://a.example"));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void givesIngestAnswersTheSameSecurityHeadersAsTheRestOfTheApi() {
        HttpResponse<String> accepted = api.postEvents(token, README_EVENT);
        HttpResponse<String> refused =
                api.send("POST", "/events", README_EVENT, Map.of("Content-Type", "application/json"));
        HttpResponse<String> read =
                api.send("GET", "/events?limit=1", null, Map.of("Authorization", "Bearer " + token));

        for (String header :
                List.of("X-Content-Type-Options", "X-Frame-Options", "Cache-Control", "X-XSS-Protection")) {
            assertThat(read.headers().firstValue(header)).as(header).isPresent();
            assertThat(accepted.headers().firstValue(header))
                    .as(header)
                    .isEqualTo(read.headers().firstValue(header));
            assertThat(refused.headers().firstValue(header))
                    .as(header)
                    .isEqualTo(read.headers().firstValue(header));
        }
        assertThat(accepted.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void countsIngestAnswersByOutcomeWithoutSpringsRequestObservation() {
        double acceptedBefore = ingestAnswers("accepted");
        double refusedBefore = ingestAnswers("refused");
        double rejectedBefore = ingestAnswers("rejected");

        assertThat(api.postEvents(token, README_EVENT).statusCode()).isEqualTo(202);
        assertThat(api.postEvents(token, "{\"x\": 1}").statusCode()).isEqualTo(400);
        assertThat(api.postEvents("not-a-token", README_EVENT).statusCode()).isEqualTo(401);

        assertThat(ingestAnswers("accepted")).isEqualTo(acceptedBefore + 1);
        assertThat(ingestAnswers("rejected")).isEqualTo(rejectedBefore + 1);
        assertThat(ingestAnswers("refused")).isEqualTo(refusedBefore + 1);
        assertThat(meters.get("theeye.ingest.requests")
                        .tag("outcome", "accepted")
                        .timer()
                        .max(TimeUnit.NANOSECONDS))
                .isPositive();
        // POST /events is served ahead of Spring MVC and its observation; other requests still go through them.
        assertThat(meters.find("http.server.requests").tag("method", "POST").timers())
                .isEmpty();
        api.send("GET", "/events?limit=1", null, Map.of("Authorization", "Bearer " + token));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !meters.find("http.server.requests")
                        .tag("method", "GET")
                        .timers()
                        .isEmpty());
    }

    @Test
    void namesPostAmongTheMethodsOfEvents() {
        HttpResponse<String> put = api.send(
                "PUT",
                "/events",
                README_EVENT,
                Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"));

        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow").orElseThrow())
                .contains("POST")
                .contains("GET");
    }

    private double ingestAnswers(String outcome) {
        return meters.get("theeye.ingest.requests")
                .tag("outcome", outcome)
                .timer()
                .count();
    }

    @Test
    void answersAnUnknownPathWithAJson404() {
        HttpResponse<String> response =
                api.send("GET", "/no-such-thing", null, Map.of("Authorization", "Bearer " + token));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(ApiClient.json(response).get("error").stringValue()).isEqualTo("not_found");
    }

    @Test
    void reportsHealthWithoutToken() {
        assertThat(api.send("GET", "/actuator/health", null, Map.of()).statusCode())
                .isEqualTo(200);
    }

    private int port() {
        return environment.getRequiredProperty("local.server.port", Integer.class);
    }

    private void awaitAccepted(String clientToken) {
        await().atMost(Duration.ofSeconds(5))
                .until(() -> api.postEvents(clientToken, README_EVENT).statusCode() == 202);
    }

    private void assertStored(String id) {
        assertThat(countEvents("id = ?", dialect.uuid(UUID.fromString(id)))).isEqualTo(1);
    }

    private long countEvents(String condition, Object value) {
        return jdbc.sql("select count(*) from events where client_id = ? and " + condition)
                .params(dialect.uuid(client.clientId()), value)
                .query(Long.class)
                .single();
    }

    private long countRejected(String marker) {
        return jdbc.sql("select count(*) from rejected_events where client_id = ? and raw like ?")
                .params(dialect.uuid(client.clientId()), "%" + marker + "%")
                .query(Long.class)
                .single();
    }

    private List<String> storedRejectedRaw(String marker) {
        return jdbc.sql("select raw from rejected_events where client_id = ? and raw like ?")
                .params(dialect.uuid(client.clientId()), "%" + marker + "%")
                .query(String.class)
                .list();
    }

    private Instant storedTimestamp(UUID id) {
        return jdbc.sql("select \"timestamp\" from events where id = ?")
                .param(dialect.uuid(id))
                .query((rs, n) -> dialect.instant(rs, 1))
                .single();
    }

    private Instant storedOriginalTimestamp(UUID id) {
        return jdbc.sql("select original_timestamp from events where client_id = ? and id = ?")
                .params(dialect.uuid(client.clientId()), dialect.uuid(id))
                .query((rs, n) -> dialect.instant(rs, 1))
                .list()
                // null when not corrected, which single() would take for no row
                .getFirst();
    }

    private String storedData(UUID id) {
        return jdbc.sql("select data from events where id = ?")
                .param(dialect.uuid(id))
                .query(String.class)
                .single();
    }
}
