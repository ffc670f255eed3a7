package io.theeye.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.store.ClientStore;
import io.theeye.support.ApiClient;
import io.theeye.support.TestDatabases;
import io.theeye.support.Tokens;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** With THE_EYE_METRICS_TOKEN set, only a scrape that sends it as its bearer token reads the metrics. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "THE_EYE_METRICS_TOKEN=" + MetricsTokenIntegrationTests.TOKEN)
class MetricsTokenIntegrationTests {

    static final String TOKEN = "kX9-QwTz4_bN2.vR8~mL5+hJ7/pF3";

    @Autowired
    Environment environment;

    @Autowired
    ClientStore clients;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.useSqlite(registry);
    }

    @Test
    void servesTheMetricsToAScrapeThatSendsTheToken() {
        HttpResponse<String> scrape = scrape(Map.of("Authorization", "Bearer " + TOKEN));

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(scrape.body()).contains("theeye_ingest_requests_in_flight", "jvm_memory_used_bytes");
        // The scheme's name is case-insensitive (RFC 9110), as Prometheus' "type: bearer" sends it.
        assertThat(scrape(Map.of("Authorization", "bearer " + TOKEN)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void refusesAScrapeWithoutAToken() {
        HttpResponse<String> scrape = scrape(Map.of());

        assertThat(scrape.statusCode()).isEqualTo(401);
        assertThat(scrape.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(scrape.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = ApiClient.json(scrape);
        assertThat(body.get("error").stringValue()).isEqualTo("invalid_token");
        assertThat(body.get("message").stringValue()).startsWith("missing bearer token");
        assertThat(scrape.body()).doesNotContain("jvm_memory_used_bytes");
    }

    @Test
    void refusesAScrapeWithAnotherToken() {
        for (String wrong : new String[] {TOKEN + "x", TOKEN.substring(1), TOKEN.toUpperCase(), "a"}) {
            HttpResponse<String> scrape = scrape(Map.of("Authorization", "Bearer " + wrong));

            assertThat(scrape.statusCode()).as(wrong).isEqualTo(401);
            assertThat(scrape.headers().firstValue("WWW-Authenticate"))
                    .as(wrong)
                    .hasValueSatisfying(challenge -> assertThat(challenge).startsWith("Bearer "));
            assertThat(ApiClient.json(scrape).get("error").stringValue()).isEqualTo("invalid_token");
            assertThat(scrape.body()).doesNotContain("jvm_memory_used_bytes");
        }
        // The token under another scheme is no bearer token.
        assertThat(scrape(Map.of("Authorization", "Basic " + TOKEN)).statusCode())
                .isEqualTo(401);
    }

    @Test
    void refusesAClientsTokenForTheMetrics() {
        ClientStore.Client client = clients.create("not-prometheus", true);

        HttpResponse<String> scrape =
                scrape(Map.of("Authorization", "Bearer " + Tokens.valid(client.clientId(), client.secretKey())));

        assertThat(scrape.statusCode()).isEqualTo(401);
        assertThat(ApiClient.json(scrape).get("message").stringValue()).isEqualTo("wrong metrics token");
    }

    @Test
    void leavesHealthOpen() {
        HttpResponse<String> health = api().send("GET", "/actuator/health/readiness", null, Map.of());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(ApiClient.json(health).get("status").stringValue()).isEqualTo("UP");
    }

    private HttpResponse<String> scrape(Map<String, String> headers) {
        return api().send("GET", "/actuator/prometheus", null, headers);
    }

    private ApiClient api() {
        return new ApiClient(environment.getRequiredProperty("local.server.port", Integer.class));
    }
}
