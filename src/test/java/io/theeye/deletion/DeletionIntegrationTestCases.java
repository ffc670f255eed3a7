package io.theeye.deletion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.TheEyeApplication;
import io.theeye.cli.CliRunner;
import io.theeye.store.AuditLog;
import io.theeye.store.ClientStore;
import io.theeye.support.ApiClient;
import io.theeye.support.Tokens;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/**
 * Deletion on request and suppression, through the API and the command line, against the running app and a real
 * database (each subclass names which): what goes, what stays, and that reads, stats, exports and the refused events
 * agree at once after.
 */
@SpringBootTest(
        classes = TheEyeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "the-eye.suppressions.refresh-interval=100ms")
abstract class DeletionIntegrationTestCases {

    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

    @Autowired
    Environment environment;

    @Autowired
    ClientStore clients;

    @Autowired
    AuditLog audit;

    private ApiClient api;
    private UUID clientId;
    private String token;

    /** The command line's options that point it at the server's database. */
    abstract String[] databaseOptions();

    @BeforeEach
    void newAdminClient() {
        api = new ApiClient(environment.getRequiredProperty("local.server.port", Integer.class));
        ClientStore.Client client = clients.create("deleter", false, true);
        clientId = client.clientId();
        token = Tokens.valid(clientId, client.secretKey());
        awaitKnown(token);
    }

    /** A client created behind the server's back is looked up at most once per interval: wait for it. */
    private void awaitKnown(String token) {
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        api.send("GET", "/events?limit=1", null, headers(token)).statusCode() != 401);
    }

    @Test
    void deletesSessionsWithTheirRefusedEventsAndReadsStatsAndExportsAgreeAtOnce() {
        post(
                event("a", "page", "view", T0, "{\"secret\": \"top\"}"),
                event("a", "page", "click", T0.plusSeconds(1), "{}"),
                event("b", "page", "view", T0.plusSeconds(2), "{}"),
                event("c", "page", "view", T0.plusSeconds(3), "{}"),
                refusedEvent("a"),
                refusedEvent("c"));

        HttpResponse<String> deleted = delete("{\"session_ids\": [\"a\", \"b\"]}");

        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(deleted.body()).isEqualTo("{\"events\":3,\"rejected_events\":1}");
        assertThat(sessions()).containsExactly("c");
        assertThat(statsTotal()).isEqualTo(1);
        assertThat(exported()).hasSize(1).allMatch(line -> line.contains("\"session_id\":\"c\""));
        assertThat(refusedSessions()).containsExactly("c");
        AuditLog.Entry entry = audit.page(null, 20).stream()
                .filter(e -> clientId.equals(e.clientId()) && e.action().equals("events_deleted"))
                .findFirst()
                .orElseThrow();
        assertThat(entry.actor()).isEqualTo("client:" + clientId);
        assertThat(entry.details())
                .isEqualTo("filter: {\"session_ids\":[\"a\",\"b\"]}, events: 3, rejected_events: 1")
                .doesNotContain("top");
    }

    @Test
    void deletesATimeRangeOfEventsAndRefusedEventsByTheirReceipt() {
        post(
                event("a", "page", "view", T0, "{}"),
                event("a", "page", "view", T0.plusSeconds(3600), "{}"),
                event("a", "page", "view", T0.plusSeconds(7200), "{}"),
                refusedEvent("a"));

        assertThat(delete("{\"from\": \"" + T0.plusSeconds(3600) + "\", \"to\": \"" + T0.plusSeconds(7200) + "\"}")
                        .body())
                .isEqualTo("{\"events\":1,\"rejected_events\":0}");
        assertThat(timestamps()).containsExactlyInAnyOrder(T0.plusSeconds(7200), T0);
        assertThat(statsTotal()).isEqualTo(2);

        Instant now = Instant.now();
        assertThat(delete("{\"from\": \"" + now.minusSeconds(3600) + "\", \"to\": \"" + now.plusSeconds(3600) + "\"}")
                        .body())
                .isEqualTo("{\"events\":0,\"rejected_events\":1}");
        assertThat(refusedSessions()).isEmpty();
        assertThat(exported()).hasSize(2);
    }

    @Test
    void deletesByCategoryAndName() {
        post(
                event("a", "page", "view", T0, "{}"),
                event("a", "page", "click", T0, "{}"),
                event("a", "form", "view", T0, "{}"),
                refusedEvent("a"));

        assertThat(delete("{\"category\": \"page\", \"name\": \"view\"}").body())
                .isEqualTo("{\"events\":1,\"rejected_events\":0}");
        // The refused event (it has no name) is of category page.
        assertThat(delete("{\"category\": \"page\"}").body()).isEqualTo("{\"events\":1,\"rejected_events\":1}");
        assertThat(delete("{\"name\": \"view\"}").body()).isEqualTo("{\"events\":1,\"rejected_events\":0}");
        assertThat(sessions()).isEmpty();
        assertThat(statsTotal()).isZero();
        assertThat(refusedSessions()).isEmpty();
    }

    @Test
    void deletesByAValueInDataComparedAsJson() {
        post(
                event("a", "page", "view", T0, "{\"user_id\": \"u-42\"}"),
                event("b", "page", "view", T0, "{\"user_id\": \"u-43\"}"),
                event("c", "page", "view", T0, "{\"user\": {\"id\": 42}}"),
                event("d", "page", "view", T0, "{\"user\": {\"id\": 42.0}}"),
                event("e", "page", "view", T0, "{\"user\": {\"id\": \"42\"}}"),
                event("f", "page", "view", T0, "{\"items\": [{\"sku\": true}]}"),
                "{\"session_id\": \"g\", \"category\": \"page\", \"data\": {\"user_id\": \"u-42\"}}");

        assertThat(delete("{\"data_path\": \"user_id\", \"equals\": \"u-42\"}").body())
                .isEqualTo("{\"events\":1,\"rejected_events\":1}");
        assertThat(delete("{\"data_path\": \"data.user.id\", \"equals\": 42}").body())
                .isEqualTo("{\"events\":2,\"rejected_events\":0}");
        assertThat(delete("{\"data_path\": \"data.items[0].sku\", \"equals\": true}")
                        .body())
                .isEqualTo("{\"events\":1,\"rejected_events\":0}");
        assertThat(sessions()).containsExactlyInAnyOrder("b", "e");
        assertThat(statsTotal()).isEqualTo(2);
        assertThat(refusedSessions()).isEmpty();
    }

    @Test
    void deletesMoreEventsThanOneTransactionTakesInTurn() {
        for (int request = 0; request < 3; request++) {
            List<String> events = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                events.add(event(
                        "s-" + (i % 2), "page", "view", T0.plusSeconds(request * 600L + i), "{\"n\": " + i % 2 + "}"));
            }
            post(events.toArray(String[]::new));
        }

        assertThat(delete("{\"data_path\": \"n\", \"equals\": 0}").body())
                .isEqualTo("{\"events\":900,\"rejected_events\":0}");
        assertThat(statsTotal()).isEqualTo(900);
        assertThat(exported()).hasSize(900).allMatch(line -> line.contains("\"session_id\":\"s-1\""));
    }

    @Test
    void theCommandLineDeletesByEachFilterAndPrintsTheCounts() {
        post(
                event("a", "page", "view", T0, "{\"user_id\": \"u-42\"}"),
                event("b", "page", "view", T0.plusSeconds(3600), "{}"),
                event("c", "form", "send", T0, "{}"),
                event("d", "page", "view", T0, "{\"user_id\": \"u-42\"}"),
                event("e", "page", "view", T0, "{}"),
                refusedEvent("e"));
        String client = clientId.toString();

        assertThat(cli("events", "delete", "--client-id", client, "--session-id", "e", "--json"))
                .isEqualTo("{\"events\":1,\"rejected_events\":1}\n");
        assertThat(cli(
                        "events",
                        "delete",
                        "--client-id",
                        client,
                        "--from",
                        T0.plusSeconds(60).toString(),
                        "--to",
                        T0.plusSeconds(7200).toString(),
                        "--json"))
                .isEqualTo("{\"events\":1,\"rejected_events\":0}\n");
        assertThat(cli("events", "delete", "--client-id", client, "--category", "form", "--name", "send", "--json"))
                .isEqualTo("{\"events\":1,\"rejected_events\":0}\n");
        assertThat(cli("events", "delete", "--client-id", client, "--data-path", "user_id", "--equals", "\"u-42\""))
                .isEqualTo("Deleted 2 events and 0 refused events of client " + client + ".\n");
        assertThat(sessions()).isEmpty();
        assertThat(statsTotal()).isZero();
        assertThat(exported()).isEmpty();
        assertThat(refusedSessions()).isEmpty();
        assertThat(audit.page(null, 20).stream()
                        .filter(e -> clientId.equals(e.clientId()) && e.action().equals("events_deleted"))
                        .map(AuditLog.Entry::actor))
                .hasSize(4)
                .allMatch(actor -> actor.startsWith("cli:"));
    }

    @Test
    void theCommandLineRefusesADeletionWithoutFilterOrWithABadOne() {
        post(event("a", "page", "view", T0, "{}"));

        assertThat(CliRunner.run(databaseOptions(), "events", "delete", "--client-id", clientId.toString())
                        .exitCode())
                .isEqualTo(2);
        CliRunner.Result badPath = CliRunner.run(
                databaseOptions(),
                "events",
                "delete",
                "--client-id",
                clientId.toString(),
                "--data-path",
                "a..b",
                "--equals",
                "1");
        assertThat(badPath.exitCode()).isEqualTo(2);
        assertThat(badPath.err()).contains("--data-path:");
        assertThat(sessions()).containsExactly("a");
    }

    @Test
    void onlyAdminClientsMayDeleteAndOnlyTheirOwnEvents() {
        post(event("a", "page", "view", T0, "{}"));
        ClientStore.Client plain = clients.create("plain", true, false);
        String plainToken = Tokens.valid(plain.clientId(), plain.secretKey());
        ClientStore.Client otherAdmin = clients.create("other admin", true, true);
        String otherToken = Tokens.valid(otherAdmin.clientId(), otherAdmin.secretKey());
        awaitKnown(plainToken);
        awaitKnown(otherToken);

        HttpResponse<String> refused = api.send("DELETE", "/events", "{\"session_ids\": [\"a\"]}", headers(plainToken));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(ApiClient.json(refused).get("error").stringValue()).isEqualTo("forbidden");
        assertThat(api.send("DELETE", "/events", "{\"session_ids\": [\"a\"]}", headers(otherToken))
                        .body())
                .isEqualTo("{\"events\":0,\"rejected_events\":0}");
        assertThat(sessions()).containsExactly("a");
    }

    @Test
    void refusesADeletionWithoutFilterAndBadFiltersNamingTheField() {
        post(event("a", "page", "view", T0, "{}"));

        assertRefused(null, "filter");
        assertRefused("{}", "filter");
        assertRefused("{\"bogus\": 1}", "bogus");
        assertRefused("{\"session_ids\": \"a\"}", "session_ids");
        assertRefused("{\"from\": \"yesterday\"}", "from");
        assertRefused("{\"from\": \"2024-02-01T00:00:00Z\", \"to\": \"2024-01-01T00:00:00Z\"}", "to");
        assertRefused("{\"data_path\": \"user..id\", \"equals\": 1}", "data_path");
        assertRefused("{\"data_path\": \"user_id\", \"equals\": {\"a\": 1}}", "equals");
        assertRefused("{\"data_path\": \"user_id\"}", "equals");
        assertRefused("[1]", "body");
        HttpResponse<String> malformed = api.send("DELETE", "/events", "{", headers(token));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(ApiClient.json(malformed).get("error").stringValue()).isEqualTo("malformed_json");
        assertThat(sessions()).containsExactly("a");
    }

    @Test
    void theApiDocumentDescribesTheDeletionsBody() {
        JsonNode delete = ApiClient.json(api.send("GET", "/v3/api-docs", null, Map.of()))
                .get("paths")
                .get("/events")
                .get("delete");

        assertThat(delete.get("requestBody")
                        .get("content")
                        .get("application/json")
                        .get("schema")
                        .get("properties")
                        .propertyNames())
                .containsExactlyInAnyOrderElementsOf(DeletionRequest.FIELDS);
        assertThat(delete.get("responses").propertyNames()).contains("200", "400", "403", "503");
    }

    @Test
    void suppressedEventsAreRefusedCountedAndKeptNowhereUntilTheSuppressionIsRemoved() {
        String client = clientId.toString();
        JsonNode bySession =
                ApiClient.json(cli("suppressions", "add", "--client-id", client, "--session-id", "gone", "--json"));
        cli("suppressions", "add", "--client-id", client, "--data-path", "user_id", "--equals", "\"u-42\"");

        // Within a refresh of the suppressions.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.postEvents(token, event("gone", "page", "view", T0, "{}"))
                                .statusCode()
                        == 400);
        HttpResponse<String> mixed = api.postEvents(
                token,
                "[" + event("gone", "page", "view", T0, "{}") + ", " + event("kept", "page", "view", T0, "{}") + ", "
                        + event("other", "page", "view", T0, "{\"user_id\": \"u-42\"}") + ", "
                        + "{\"session_id\": \"gone\", \"category\": \"page\"}]");
        assertThat(mixed.statusCode()).isEqualTo(202);
        JsonNode answer = ApiClient.json(mixed);
        assertThat(answer.get("accepted").intValue()).isEqualTo(1);
        assertThat(answer.get("ids")).hasSize(1);
        assertThat(answer.get("rejected").toString())
                .isEqualTo("[{\"index\":0,\"errors\":[{\"field\":\"session_id\",\"message\":\"" + Suppressions.MESSAGE
                        + "\"}]},{\"index\":2,\"errors\":[{\"field\":\"data.user_id\",\"message\":\""
                        + Suppressions.MESSAGE + "\"}]},{\"index\":3,\"errors\":[{\"field\":\"session_id\","
                        + "\"message\":\"" + Suppressions.MESSAGE + "\"}]}]");
        assertThat(sessions()).containsExactly("kept");
        assertThat(refusedSessions()).isEmpty();
        // Added up at the next refresh: the session's includes the events refused while waiting for it to apply.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<Long> counts = suppressedCounts();
            return counts.get(0) >= 3 && counts.get(1) == 1;
        });

        cli(
                "suppressions",
                "remove",
                "--client-id",
                client,
                String.valueOf(bySession.get("id").longValue()));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.postEvents(token, event("gone", "page", "view", T0, "{}"))
                                .statusCode()
                        == 202);
        assertThat(sessions()).contains("gone");
        assertThat(audit.page(null, 20).stream()
                        .filter(e -> clientId.equals(e.clientId()))
                        .map(e -> e.action() + " " + e.details()))
                .contains(
                        "suppression_added session_id = \"gone\"",
                        "suppression_added data.user_id = \"u-42\"",
                        "suppression_removed session_id = \"gone\"");
    }

    @Test
    void suppressionsRefuseWhatTheSegmentApiSendsToo() {
        String client = clientId.toString();
        cli("suppressions", "add", "--client-id", client, "--session-id", "gone");
        cli("suppressions", "add", "--client-id", client, "--data-path", "userId", "--equals", "\"u-42\"");
        String writeKey = ApiClient.json(cli("keys", "create", "--client-id", client, "--json"))
                .get("write_key")
                .stringValue();
        String gone = "{\"type\": \"track\", \"event\": \"view\", \"anonymousId\": \"gone\"}";

        // Within a refresh of the suppressions: a batch of only refused messages is answered 400.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> segment(writeKey, gone).statusCode() == 400);
        HttpResponse<String> mixed = segment(
                writeKey,
                gone + ", {\"type\": \"track\", \"event\": \"view\", \"anonymousId\": \"kept\"}, "
                        + "{\"type\": \"track\", \"event\": \"view\", \"anonymousId\": \"other\","
                        + " \"userId\": \"u-42\"}");

        assertThat(mixed.statusCode()).as(mixed.body()).isEqualTo(200);
        JsonNode answer = ApiClient.json(mixed);
        assertThat(answer.get("accepted").intValue()).isEqualTo(1);
        List<String> refused = new ArrayList<>();
        answer.get("rejected")
                .forEach(r -> refused.add(r.get("index").intValue() + " "
                        + r.get("errors").get(0).get("message").stringValue()));
        assertThat(refused).containsExactly("0 " + Suppressions.MESSAGE, "2 " + Suppressions.MESSAGE);
        assertThat(sessions()).containsExactly("kept");
        assertThat(refusedSessions()).isEmpty();
    }

    private HttpResponse<String> segment(String writeKey, String messages) {
        return api.send(
                "POST",
                "/v1/batch",
                "{\"writeKey\": \"" + writeKey + "\", \"batch\": [" + messages + "]}",
                Map.of("Content-Type", "application/json"));
    }

    private List<Long> suppressedCounts() {
        List<Long> counts = new ArrayList<>();
        ApiClient.json(cli("suppressions", "list", "--client-id", clientId.toString(), "--json"))
                .forEach(s -> counts.add(s.get("suppressed_count").longValue()));
        return counts;
    }

    private void assertRefused(String body, String field) {
        HttpResponse<String> refused = api.send("DELETE", "/events", body, headers(token));
        assertThat(refused.statusCode()).as(body).isEqualTo(400);
        JsonNode error = ApiClient.json(refused);
        assertThat(error.get("errors").get(0).get("field").stringValue())
                .as(body)
                .isEqualTo(field);
    }

    private void post(String... events) {
        HttpResponse<String> response = api.postEvents(token, "[" + String.join(",", events) + "]");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    private HttpResponse<String> delete(String body) {
        return api.send("DELETE", "/events", body, headers(token));
    }

    private static Map<String, String> headers(String token) {
        return Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json");
    }

    private List<String> sessions() {
        List<String> sessions = new ArrayList<>();
        get("/events?limit=1000")
                .get("results")
                .forEach(e -> sessions.add(e.get("session_id").stringValue()));
        return sessions;
    }

    private List<Instant> timestamps() {
        List<Instant> timestamps = new ArrayList<>();
        get("/events?limit=1000")
                .get("results")
                .forEach(e -> timestamps.add(Instant.parse(e.get("timestamp").stringValue())));
        return timestamps;
    }

    private long statsTotal() {
        long total = 0;
        for (JsonNode bucket : get("/stats?interval=day&from=" + encode(T0.minusSeconds(86400)) + "&to="
                        + encode(T0.plusSeconds(86400)))
                .get("results")) {
            total += bucket.get("count").longValue();
        }
        return total;
    }

    private List<String> exported() {
        String body = api.send("GET", "/events/export", null, headers(token)).body();
        return body.isEmpty() ? List.of() : List.of(body.split("\n"));
    }

    /** The session ids in the raw text of the client's refused events. */
    private List<String> refusedSessions() {
        List<String> sessions = new ArrayList<>();
        get("/rejected-events?limit=1000")
                .get("results")
                .forEach(r -> sessions.add(ApiClient.json(r.get("raw").stringValue())
                        .get("session_id")
                        .stringValue()));
        return sessions;
    }

    private JsonNode get(String path) {
        HttpResponse<String> response = api.send("GET", path, null, headers(token));
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return ApiClient.json(response);
    }

    private String cli(String... args) {
        CliRunner.Result result = CliRunner.run(databaseOptions(), args);
        assertThat(result.exitCode())
                .as("the-eye %s: %s", String.join(" ", args), result.err())
                .isZero();
        return result.out();
    }

    private static String event(String session, String category, String name, Instant timestamp, String data) {
        return """
                {"session_id": "%s", "category": "%s", "name": "%s", "data": %s, "timestamp": "%s"}""".formatted(session, category, name, data, timestamp);
    }

    /** An event refused for its missing name, kept with its raw text. */
    private static String refusedEvent(String session) {
        return "{\"session_id\": \"" + session + "\", \"category\": \"page\", \"data\": {}}";
    }

    private static String encode(Instant instant) {
        return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
    }
}
