package io.theeye.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.support.ApiClient;
import io.theeye.support.TestDatabases;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The metrics token still applies when the actuator is moved to a port of its own (management.server.port). */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "THE_EYE_METRICS_TOKEN=" + MetricsTokenOnManagementPortIntegrationTests.TOKEN,
            "management.server.port=0"
        })
class MetricsTokenOnManagementPortIntegrationTests {

    static final String TOKEN = "b1e3f0c2d4a65987b1e3f0c2d4a65987";

    @Autowired
    Environment environment;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.useSqlite(registry);
    }

    @Test
    void refusesAScrapeWithoutTheTokenOnTheManagementPort() {
        ApiClient management = new ApiClient(environment.getRequiredProperty("local.management.port", Integer.class));

        assertThat(management
                        .send("GET", "/actuator/prometheus", null, Map.of())
                        .statusCode())
                .isEqualTo(401);
        assertThat(management
                        .send("GET", "/actuator/prometheus", null, Map.of("Authorization", "Bearer " + TOKEN))
                        .body())
                .contains("jvm_memory_used_bytes");
        assertThat(management.send("GET", "/actuator/health", null, Map.of()).statusCode())
                .isEqualTo(200);
    }
}
