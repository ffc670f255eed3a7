package io.theeye.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.replay.RejectedReplay;
import io.theeye.replay.ReplayFilter;
import io.theeye.replay.ReplayReport;
import io.theeye.store.ClientStore;
import io.theeye.store.SqlDialect;
import io.theeye.support.ApiClient;
import io.theeye.support.Tokens;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Payload schemas through real HTTP against the running application and a real database; each subclass names the
 * database. Each test uses event types of its own, so that they do not see each other's schemas.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "the-eye.schemas.refresh-interval=200ms")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SchemaIntegrationTestCases {

    static final String PAGEVIEW = """
            {"type": "object",
             "properties": {"host": {"type": "string", "minLength": 1}, "path": {"type": "string", "pattern": "^/"}},
             "required": ["host", "path"]}""";

    @Autowired
    Environment environment;

    @Autowired
    ClientStore clients;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SqlDialect dialect;

    @Autowired
    RejectedReplay replay;

    ApiClient api;
    ClientStore.Client admin;
    ClientStore.Client sender;
    String adminToken;
    String senderToken;

    @BeforeAll
    void createClients() {
        api = new ApiClient(environment.getRequiredProperty("local.server.port", Integer.class));
        admin = clients.create("ops", false, true);
        sender = clients.create("shop", false, false);
        adminToken = Tokens.valid(admin.clientId(), admin.secretKey());
        senderToken = Tokens.valid(sender.clientId(), sender.secretKey());
    }

    @Test
    void aRegisteredSchemaRefusesDataThatDoesNotMatchAndAcceptsDataThatDoes() {
        assertThat(put("page interaction", "pageview", PAGEVIEW).statusCode()).isEqualTo(201);

        HttpResponse<String> refused =
                post(event("page interaction", "pageview", "{\"host\": \"\", \"path\": \"home\"}"));
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode errors = ApiClient.json(refused).at("/rejected/0/errors");
        assertThat(errors.findValuesAsString("field")).containsExactlyInAnyOrder("data.host", "data.path");
        assertThat(errors.toString())
                .contains("must be at least 1 characters long", "does not match the regex pattern ^/");
        assertThat(rejectedErrors()).contains("data.path", "does not match the regex pattern ^/");

        HttpResponse<String> accepted =
                post(event("page interaction", "pageview", "{\"host\": \"h\", \"path\": \"/\"}"));
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(schemaVersionOf(ApiClient.json(accepted).at("/ids/0").stringValue()))
                .isEqualTo(1);
        // Another type is not checked, and its events record no version.
        HttpResponse<String> other = post(event("page interaction", "click", "{\"anything\": 1}"));
        assertThat(other.statusCode()).isEqualTo(202);
        assertThat(schemaVersionOf(ApiClient.json(other).at("/ids/0").stringValue()))
                .isNull();
    }

    @Test
    void aBatchKeepsTheEventsThatPassTheirSchemaAndListsThoseThatFailByIndex() {
        put("batch", "step", "{\"properties\": {\"n\": {\"type\": \"integer\"}}, \"required\": [\"n\"]}");

        HttpResponse<String> response = post("[" + event("batch", "step", "{\"n\": 1}") + ","
                + event("batch", "step", "{\"n\": \"two\"}") + "," + event("batch", "other", "{}") + ","
                + event("batch", "step", "{}") + "]");

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = ApiClient.json(response);
        assertThat(body.get("accepted").intValue()).isEqualTo(2);
        assertThat(body.get("rejected").findValues("index"))
                .extracting(JsonNode::intValue)
                .containsExactly(1, 3);
        assertThat(body.at("/rejected/0/errors/0/field").stringValue()).isEqualTo("data.n");
        assertThat(body.at("/rejected/0/errors/0/message").stringValue()).isEqualTo("string found, integer expected");
        assertThat(body.at("/rejected/1/errors/0/message").stringValue()).isEqualTo("required property 'n' not found");
    }

    @Test
    void refusesNumbersTooLongWrittenOutBeforeTheSchemaDividesThem() {
        put("amounts", "paid", "{\"properties\": {\"amount\": {\"multipleOf\": 0.01}}}");

        HttpResponse<String> response = post(event("amounts", "paid", "{\"amount\": 1E+131071}"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(ApiClient.json(response).at("/rejected/0/errors/0/field").stringValue())
                .isEqualTo("data.amount");
        assertThat(ApiClient.json(response).at("/rejected/0/errors/0/message").stringValue())
                .contains("1000 characters written out in full");
        assertThat(post(event("amounts", "paid", "{\"amount\": 1E+900}")).statusCode())
                .isEqualTo(202);
    }

    @Test
    void boundsTheErrorsOfASchemaLikeEveryOther() {
        put("strict", "keys", "{\"additionalProperties\": false}");
        StringBuilder data = new StringBuilder("{");
        for (int i = 0; i < 30; i++) {
            data.append(i == 0 ? "" : ", ")
                    .append('"')
                    .append(i)
                    .append("k".repeat(2000))
                    .append("\": 1");
        }

        HttpResponse<String> response =
                post(event("strict", "keys", data.append('}').toString()));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode errors = ApiClient.json(response).at("/rejected/0/errors");
        assertThat(errors).hasSize(20);
        assertThat(errors.findValuesAsString("field"))
                .allSatisfy(field -> assertThat(field).hasSizeLessThanOrEqualTo(200));
        assertThat(errors.get(0).get("field").stringValue())
                .startsWith("data[\"0kkk")
                .endsWith("k…");
        assertThat(errors.get(19).get("message").stringValue()).isEqualTo("11 more errors not listed");
        assertThat(rejectedErrors().getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(16 * 1024);
    }

    @Test
    void onlyAdminClientsManageSchemasAndEveryChangeKeepsThePreviousVersion() {
        for (String method : List.of("GET", "PUT", "DELETE")) {
            HttpResponse<String> response =
                    api.send(method, "/schemas/a/b", method.equals("PUT") ? "{}" : null, auth(senderToken));
            assertThat(response.statusCode()).as(method).isEqualTo(403);
            assertThat(ApiClient.json(response).get("error").stringValue()).isEqualTo("forbidden");
        }
        assertThat(api.send("GET", "/schemas", null, auth(senderToken)).statusCode())
                .isEqualTo(403);

        HttpResponse<String> invalid = put("versions", "v", "{\"type\": \"text\"}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(ApiClient.json(invalid).get("error").stringValue()).isEqualTo("invalid_schema");
        assertThat(ApiClient.json(invalid).at("/errors/0/field").stringValue()).isEqualTo("schema.type");
        assertThat(ApiClient.json(invalid).at("/errors/0/message").stringValue())
                .startsWith("does not have a value in the enumeration");

        assertThat(put("versions", "v", "{\"type\": \"object\"}").statusCode()).isEqualTo(201);
        assertThat(put("versions", "v", "{\"type\": \"object\"}").statusCode()).isEqualTo(200);
        assertThat(put("versions", "v", "{\"type\": \"object\", \"required\": [\"a\"]}")
                        .statusCode())
                .isEqualTo(201);
        JsonNode current = ApiClient.json(api.send("GET", "/schemas/versions/v", null, auth(adminToken)));
        assertThat(current.get("version").intValue()).isEqualTo(2);
        assertThat(current.get("schema")).isEqualTo(ApiClient.json("{\"type\": \"object\", \"required\": [\"a\"]}"));
        assertThat(current.get("created_by").stringValue()).isEqualTo("client:" + admin.clientId());
        assertThat(ApiClient.json(api.send("GET", "/schemas/versions/v?version=1", null, auth(adminToken)))
                        .get("schema"))
                .isEqualTo(ApiClient.json("{\"type\": \"object\"}"));
        assertThat(ApiClient.json(api.send("GET", "/schemas", null, auth(adminToken)))
                        .get("results")
                        .toString())
                .contains("\"category\":\"versions\"");

        assertThat(api.send("DELETE", "/schemas/versions/v", null, auth(adminToken))
                        .statusCode())
                .isEqualTo(204);
        assertThat(api.send("GET", "/schemas/versions/v", null, auth(adminToken))
                        .statusCode())
                .isEqualTo(404);
        assertThat(api.send("DELETE", "/schemas/versions/v", null, auth(adminToken))
                        .statusCode())
                .isEqualTo(404);
        JsonNode history = ApiClient.json(api.send("GET", "/schemas/versions/v/versions", null, auth(adminToken)));
        assertThat(history.get("results").findValues("version"))
                .extracting(JsonNode::intValue)
                .containsExactly(3, 2, 1);
        assertThat(history.at("/results/0/deleted").booleanValue()).isTrue();
        assertThat(jdbc.sql("select action from audit_log where details like ? order by id")
                        .param("category: versions,%")
                        .query(String.class)
                        .list())
                .containsExactly("schema_saved", "schema_saved", "schema_deleted");
    }

    @Test
    void aSchemaChangedElsewhereReachesTheRunningServer() {
        assertThat(post(event("elsewhere", "e", "{\"n\": \"x\"}")).statusCode()).isEqualTo(202);

        // As the command line (or another API process) writes it: straight into the database, no event in this process.
        jdbc.sql("insert into event_schemas (category, name, version, schema, created_at, created_by) values (?, ?, 1,"
                        + " ?, ?, 'test')")
                .params(
                        "elsewhere",
                        "e",
                        "{\"properties\": {\"n\": {\"type\": \"integer\"}}}",
                        dialect.timestamp(Instant.now()))
                .update();

        await().atMost(Duration.ofSeconds(5))
                .until(() -> post(event("elsewhere", "e", "{\"n\": \"x\"}")).statusCode() == 400);
        assertThat(post(event("elsewhere", "e", "{\"n\": 1}")).statusCode()).isEqualTo(202);
    }

    @Test
    void replayStoresEventsThatNowPassOnceWithTheirOwnIdAndTimestamp() {
        put("replayed", "order", "{\"properties\": {\"total\": {\"type\": \"string\"}}}");
        UUID id = UUID.randomUUID();
        String sent = "{\"id\": \"" + id + "\", \"session_id\": \"s\", \"category\": \"replayed\", \"name\": \"order\","
                + " \"data\": {\"total\": 89.9}, \"timestamp\": \"2024-03-01T10:00:00.123456Z\"}";
        String withoutId =
                "{\"session_id\": \"s\", \"category\": \"replayed\", \"name\": \"order\", \"data\": {\"total\": 5}}";
        assertThat(post("[" + sent + "," + withoutId + "]").statusCode()).isEqualTo(400);

        // The sender was right after all: the schema changes, and the refused events are replayed.
        put("replayed", "order", "{\"properties\": {\"total\": {\"type\": \"number\"}}}");
        ReplayFilter mine = new ReplayFilter(sender.clientId(), "replayed", null, null, null);
        ReplayReport first = replay.replay("test", mine);

        assertThat(first.stored()).isEqualTo(2);
        assertThat(first.stillRefused()).isZero();
        JsonNode stored = ApiClient.json(api.send("GET", "/events/" + id, null, auth(senderToken)));
        assertThat(stored.get("timestamp").stringValue()).isEqualTo("2024-03-01T10:00:00.123456Z");
        assertThat(stored.at("/data/total").decimalValue()).isEqualByComparingTo("89.9");
        assertThat(schemaVersionOf(id.toString())).isEqualTo(2);
        JsonNode rejected = ApiClient.json(api.send("GET", "/rejected-events", null, auth(senderToken)));
        assertThat(rejected.get("results").toString()).doesNotContain("replayed");

        // Replayed again (the refusals recorded again, as a second delivery would): stored once.
        assertThat(post("[" + sent + "," + withoutId + "]").statusCode()).isEqualTo(202);
        assertThat(countOfCategory("replayed")).isEqualTo(3);
        assertThat(replay.replay("test", mine).stored()).isZero();
        assertThat(countOfCategory("replayed")).isEqualTo(3);
    }

    @Test
    void replayCorrectsATimestampForItsSendersClockAgainstTheTimeItWasFirstReceived() {
        put("skewed", "order", "{\"properties\": {\"total\": {\"type\": \"string\"}}}");
        UUID id = UUID.randomUUID();
        assertThat(post("{\"id\": \"" + id + "\", \"session_id\": \"s\", \"category\": \"skewed\","
                                + " \"name\": \"order\", \"data\": {\"total\": 1}, \"timestamp\":"
                                + " \"2024-03-01T10:00:00.123456Z\", \"sent_at\": \"2024-03-01T10:00:00.123456Z\"}")
                        .statusCode())
                .isEqualTo(400);

        put("skewed", "order", "{\"properties\": {\"total\": {\"type\": \"number\"}}}");
        assertThat(replay.replay("test", new ReplayFilter(sender.clientId(), "skewed", null, null, null))
                        .stored())
                .isEqualTo(1);

        JsonNode stored = ApiClient.json(api.send("GET", "/events/" + id, null, auth(senderToken)));
        assertThat(stored.get("timestamp").stringValue())
                .isEqualTo(stored.get("received_at").stringValue());
        assertThat(stored.get("original_timestamp").stringValue()).isEqualTo("2024-03-01T10:00:00.123456Z");
    }

    private long countOfCategory(String category) {
        return jdbc.sql("select count(*) from events where client_id = ? and category = ?")
                .params(dialect.uuid(sender.clientId()), category)
                .query(Long.class)
                .single();
    }

    private HttpResponse<String> put(String category, String name, String schema) {
        return api.send(
                "PUT",
                "/schemas/" + encode(category) + "/" + encode(name),
                schema,
                Map.of("Authorization", "Bearer " + adminToken, "Content-Type", "application/json"));
    }

    private HttpResponse<String> post(String body) {
        return api.postEvents(senderToken, body);
    }

    private static String event(String category, String name, String data) {
        return "{\"session_id\": \"s-1\", \"category\": \"" + category + "\", \"name\": \"" + name + "\", \"data\": "
                + data + "}";
    }

    private Integer schemaVersionOf(String id) {
        return jdbc.sql("select schema_version from events where id = ?")
                .param(dialect.uuid(UUID.fromString(id)))
                .query((rs, n) -> {
                    int version = rs.getInt(1);
                    return rs.wasNull() ? null : version;
                })
                .list()
                .getFirst();
    }

    private String rejectedErrors() {
        return jdbc.sql("select errors from rejected_events where client_id = ? order by id desc limit 1")
                .param(dialect.uuid(sender.clientId()))
                .query(String.class)
                .single();
    }

    private static Map<String, String> auth(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
