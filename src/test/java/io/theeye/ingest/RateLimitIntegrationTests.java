package io.theeye.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.store.ClientStore;
import io.theeye.support.ApiClient;
import io.theeye.support.TestDatabases;
import io.theeye.support.Tokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** With a rate limit set, a client that sends more events than it allows gets 429; other clients do not. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "the-eye.auth.client-refresh-interval=100ms",
            "the-eye.rate-limit.events-per-second=1",
            "the-eye.rate-limit.burst=5"
        })
@DirtiesContext
class RateLimitIntegrationTests {

    @Autowired
    Environment environment;

    @Autowired
    ClientStore clients;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.useSqlite(registry);
    }

    @Test
    void answers429WithRetryAfterNamingTheLimitToAClientOverItsRate() {
        ApiClient api = new ApiClient(environment.getRequiredProperty("local.server.port", Integer.class));
        String greedy = tokenOfNewClient(api, 5);
        String other = tokenOfNewClient(api, 1);

        HttpResponse<String> refused = api.postEvents(greedy, events(5));

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(Integer.parseInt(refused.headers().firstValue("Retry-After").orElseThrow()))
                .isPositive();
        JsonNode body = ApiClient.json(refused);
        assertThat(body.get("error").stringValue()).isEqualTo("rate_limited");
        assertThat(body.get("message").stringValue()).contains("1 event per second", "up to 5 at once");
        assertThat(body.get("errors").isArray()).isTrue();
        assertThat(api.postEvents(other, events(4)).statusCode()).isEqualTo(202);
    }

    /** A new client whose first request, of so many events, was accepted: its bucket holds 5 minus those. */
    private String tokenOfNewClient(ApiClient api, int events) {
        ClientStore.Client client = clients.create("rate limited");
        String token = Tokens.valid(client.clientId(), client.secretKey());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> api.postEvents(token, events(events)).statusCode() == 202);
        return token;
    }

    private static String events(int count) {
        return "[" + String.join(",", Collections.nCopies(count, IngestIntegrationTestCases.README_EVENT)) + "]";
    }
}
