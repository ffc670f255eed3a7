package io.theeye.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.support.ApiClient;
import io.theeye.support.TestDatabases;
import java.net.URI;
import java.net.http.HttpResponse;
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
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiIntegrationTests {

    @Autowired
    Environment environment;

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
                        "GET /events",
                        "GET /events/{id}",
                        "GET /events/export",
                        "GET /sessions/{sessionId}",
                        "GET /sessions/{sessionId}/events",
                        "GET /stats",
                        "GET /rejected-events");
        assertThat(document.at("/components/securitySchemes/clientToken/scheme").stringValue())
                .isEqualTo("bearer");
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
        assertThat(document.at("/paths/~1stats/get/responses/400/content/application~1json/schema/$ref")
                        .stringValue())
                .isEqualTo("#/components/schemas/ApiError");
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

    private static List<String> parameterNames(JsonNode parameters) {
        List<String> names = new ArrayList<>();
        parameters.forEach(p -> names.add(p.get("name").stringValue()));
        return names;
    }
}
