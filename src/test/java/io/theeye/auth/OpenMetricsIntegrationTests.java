package io.theeye.auth;

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

/** Without THE_EYE_METRICS_TOKEN the metrics stay open, as they were: a scrape needs no token and any is ignored. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenMetricsIntegrationTests {

    @Autowired
    Environment environment;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.useSqlite(registry);
    }

    @Test
    void servesTheMetricsWithoutAToken() {
        HttpResponse<String> scrape = scrape(Map.of());

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("theeye_ingest_requests_in_flight", "jvm_memory_used_bytes");
    }

    @Test
    void servesTheMetricsWhateverTokenAScrapeSends() {
        HttpResponse<String> scrape = scrape(Map.of("Authorization", "Bearer some-token-prometheus-was-given"));

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("jvm_memory_used_bytes");
    }

    private HttpResponse<String> scrape(Map<String, String> headers) {
        return new ApiClient(environment.getRequiredProperty("local.server.port", Integer.class))
                .send("GET", "/actuator/prometheus", null, headers);
    }
}
