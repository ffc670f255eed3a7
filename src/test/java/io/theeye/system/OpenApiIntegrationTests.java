package io.theeye.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.store.ClientStore;
import io.theeye.support.ApiClient;
import io.theeye.support.TestDatabases;
import io.theeye.support.Tokens;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document lists every endpoint with its parameters and the bearer scheme, and Swagger UI is served. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "the-eye.ingest.max-batch-events=250",
            "the-eye.ingest.max-body-size=2MB",
            "the-eye.ingest.max-data-size=32KB"
        })
class OpenApiIntegrationTests {

    @Autowired
    Environment environment;

    @Autowired
    ClientStore clients;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.useSqlite(registry);
    }

    @Test
    void documentsEveryEndpoint() {
        JsonNode document = ApiClient.json(api().send("GET", "/v3/api-docs", null, Map.of()));

        List<String> operations = new ArrayList<>();
        document.get("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .propertyNames()
                        .forEach(method -> operations.add(method.toUpperCase() + " " + path.getKey())));
        assertThat(operations)
                .contains(
                        "POST /events",
                        "POST /events/",
                        "POST /v1/batch",
                        "POST /v1/import",
                        "POST /v1/b",
                        "POST /v1/track",
                        "POST /v1/t",
                        "POST /v1/page",
                        "POST /v1/p",
                        "POST /v1/screen",
                        "POST /v1/s",
                        "POST /v1/identify",
                        "POST /v1/i",
                        "POST /v1/group",
                        "POST /v1/g",
                        "POST /v1/alias",
                        "POST /v1/a",
                        "GET /events",
                        "GET /events/{id}",
                        "GET /events/export",
                        "GET /sessions/{sessionId}",
                        "GET /sessions/{sessionId}/events",
                        "GET /stats",
                        "GET /rejected-events",
                        "GET /schemas",
                        "GET /schemas/{category}/{name}",
                        "PUT /schemas/{category}/{name}",
                        "DELETE /schemas/{category}/{name}",
                        "GET /schemas/{category}/{name}/versions");
        assertThat(document.at("/components/securitySchemes/clientToken/scheme").stringValue())
                .isEqualTo("bearer");
        assertThat(document.at("/components/securitySchemes/writeKey/scheme").stringValue())
                .isEqualTo("basic");
        assertThat(document.at("/paths/~1v1~1batch/post/requestBody/content/text~1plain/schema/properties/batch/items"
                                + "/$ref")
                        .stringValue())
                .isEqualTo("#/components/schemas/SegmentMessage");
        assertThat(document.at("/paths/~1events/post/requestBody/content/application~1json/schema/oneOf"))
                .hasSize(2);
        assertThat(document.at("/paths/~1events/post/responses/202").isMissingNode())
                .isFalse();
        assertThat(parameterNames(document.at("/paths/~1events/get/parameters")))
                .contains("session_id", "category", "name", "from", "to", "limit", "order", "cursor", "client_id");
        assertThat(parameterNames(document.at("/paths/~1stats/get/parameters"))).contains("interval", "group_by");
        assertThat(document.at("/paths/~1events/get/responses/200/content/application~1json/schema/$ref")
                        .stringValue())
                .isEqualTo("#/components/schemas/EventPage");
        assertThat(document.at("/components/schemas/EventPage/properties").propertyNames())
                .containsExactlyInAnyOrder("results", "next");
        assertThat(document.at("/components/schemas/EventView/properties/original_timestamp/description")
                        .stringValue())
                .contains("sent_at");
        assertThat(document.at("/components/schemas/EventInput/properties/sent_at/description")
                        .stringValue())
                .contains("original_timestamp");
        JsonNode put = document.at("/paths/~1schemas~1{category}~1{name}/put");
        assertThat(put.at("/requestBody/content/application~1json/schema/type").stringValue())
                .isEqualTo("object");
        assertThat(put.at("/responses").propertyNames()).contains("200", "201", "400", "403", "413");
        assertThat(put.at("/description").stringValue()).contains("--admin");
        assertThat(document.at("/paths/~1stats/get/responses/400/content/application~1json/schema/$ref")
                        .stringValue())
                .isEqualTo("#/components/schemas/ApiError");
    }

    @Test
    void documentsTheParametersEachEndpointChecksWithThoseItRequires() {
        JsonNode document = ApiClient.json(api().send("GET", "/v3/api-docs", null, Map.of()));

        assertThat(required(document.at("/paths/~1stats/get/parameters"))).containsExactly("from", "to");
        assertThat(required(document.at("/paths/~1events/get/parameters"))).isEmpty();
        // Every documented parameter is one the endpoint takes: none is refused as unknown.
        ClientStore.Client client = clients.create("documented", true);
        Map<String, String> auth =
                Map.of("Authorization", "Bearer " + Tokens.valid(client.clientId(), client.secretKey()));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> api().send("GET", "/events", null, auth).statusCode() == 200);
        for (String name : parameterNames(document.at("/paths/~1events/get/parameters"))) {
            HttpResponse<String> response = api().send("GET", "/events?" + name + "=x", null, auth);
            assertThat(response.statusCode()).as(name).isIn(200, 400);
            if (response.statusCode() == 400) {
                assertThat(ApiClient.json(response).at("/errors/0/message").stringValue())
                        .as(name)
                        .doesNotStartWith("unknown parameter");
            }
        }
        assertThat(api().send("GET", "/events?colour=x", null, auth).body()).contains("unknown parameter");
    }

    @Test
    void documentsTheIngestLimitsAsConfigured() {
        JsonNode document = ApiClient.json(api().send("GET", "/v3/api-docs", null, Map.of()));
        JsonNode post = document.at("/paths/~1events/post");

        assertThat(post.at("/requestBody/content/application~1json/schema/oneOf/1/maxItems")
                        .intValue())
                .isEqualTo(250);
        assertThat(post.at("/summary").stringValue()).endsWith("up to 250");
        assertThat(post.at("/responses/413/description").stringValue()).contains(Long.toString(2 * 1024 * 1024));
        assertThat(document.at("/components/schemas/EventInput/properties/data/description")
                        .stringValue())
                .contains("at most " + 32 * 1024 + " bytes", "numbers written out in full", "1000 characters");
        assertThat(post.at("/responses/400/description").stringValue())
                .contains("at most 20 errors (16384 bytes as JSON), each path at most 200 characters");
    }

    @Test
    void servesSwaggerUiFromTheJar() {
        HttpResponse<String> page = api().send("GET", "/swagger-ui/index.html", null, Map.of());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
        // The short address redirects to the page (the client does not follow redirects).
        HttpResponse<String> shortcut = api().send("GET", "/swagger-ui.html", null, Map.of());
        assertThat(shortcut.statusCode()).isEqualTo(302);
        assertThat(shortcut.headers().firstValue("Location"))
                .hasValueSatisfying(
                        location -> assertThat(URI.create(location).getPath()).isEqualTo("/swagger-ui/index.html"));
    }

    private ApiClient api() {
        return new ApiClient(environment.getRequiredProperty("local.server.port", Integer.class));
    }

    private static List<String> required(JsonNode parameters) {
        List<String> names = new ArrayList<>();
        parameters.forEach(p -> {
            if (p.path("required").booleanValue()) {
                names.add(p.get("name").stringValue());
            }
        });
        return names;
    }

    private static List<String> parameterNames(JsonNode parameters) {
        List<String> names = new ArrayList<>();
        parameters.forEach(p -> names.add(p.get("name").stringValue()));
        return names;
    }
}
