package io.theeye.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.support.ApiClient;
import io.theeye.support.TestDatabases;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * THE_EYE_API_DOCS=false takes the OpenAPI document and Swagger UI away: their addresses answer 404, as any unknown
 * one does. ({@link OpenApiIntegrationTests} has them served by default.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "THE_EYE_API_DOCS=false")
class ApiDocsOffIntegrationTests {

    @Autowired
    Environment environment;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.useSqlite(registry);
    }

    @Test
    void servesNoOpenApiDocument() {
        for (String path : new String[] {"/v3/api-docs", "/v3/api-docs/swagger-config"}) {
            HttpResponse<String> response = get(path);

            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).as(path).doesNotContain("openapi");
        }
    }

    @Test
    void servesNoSwaggerUi() {
        for (String path : new String[] {"/swagger-ui/index.html", "/swagger-ui.html"}) {
            HttpResponse<String> response = get(path);

            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).as(path).doesNotContain("<html");
        }
    }

    private HttpResponse<String> get(String path) {
        return new ApiClient(environment.getRequiredProperty("local.server.port", Integer.class))
                .send("GET", path, null, Map.of());
    }
}
