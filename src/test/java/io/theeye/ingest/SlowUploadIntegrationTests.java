package io.theeye.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.theeye.store.ClientStore;
import io.theeye.support.ApiClient;
import io.theeye.support.SlowRequest;
import io.theeye.support.TestDatabases;
import io.theeye.support.Tokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * One client holding many uploads open, each with a byte of its body sent, takes only its own share of the requests
 * handled at once: the others' events still get in. The attack, at the default bounds (256 in all, 64 per
 * client); the body's deadline is long here so that it cannot end the uploads while the test runs.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"the-eye.auth.client-refresh-interval=100ms", "the-eye.ingest.body-timeout=5m"})
@DirtiesContext
class SlowUploadIntegrationTests {

    private static final int UPLOADS = 300;

    @Autowired
    Environment environment;

    @Autowired
    ClientStore clients;

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.useSqlite(registry);
    }

    @Test
    void oneClientsTricklingUploadsLeaveRoomForEveryoneElse() {
        int port = environment.getRequiredProperty("local.server.port", Integer.class);
        ApiClient api = new ApiClient(port);
        String slow = token("slow uploads");
        String other = token("another application");
        String body = IngestIntegrationTestCases.README_EVENT;
        List<SlowRequest> uploads = new ArrayList<>();
        double before = unavailable();
        try {
            for (int i = 0; i < UPLOADS; i++) {
                uploads.add(SlowRequest.postEvents(port, slow, body, 1));
            }
            HttpResponse<String> refused = await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.postEvents(slow, body), response -> response.statusCode() == 503);
            JsonNode refusal = ApiClient.json(refused);
            assertThat(refusal.get("message").stringValue())
                    .contains("this client has 64 requests being handled already");
            // Every upload's head handled (a slot taken, or refused) before any is finished: one finished first would
            // free its slot for an upload the server had not reached yet.
            await().atMost(Duration.ofSeconds(60)).until(() -> unavailable() - before == UPLOADS - 64 + 1);

            HttpResponse<String> accepted = api.postEvents(other, body);

            assertThat(accepted.statusCode()).isEqualTo(202);
            // The uploads let in are answered once their bodies are in; the others were refused at once (their answer
            // may be lost to the connection's reset, as the server closes it with their bodies unread).
            List<Integer> statuses = uploads.stream().map(SlowRequest::finish).toList();
            assertThat(statuses.stream().filter(status -> status == 202)).hasSize(64);
            assertThat(statuses).doesNotContain(408, 500);
        } finally {
            uploads.forEach(SlowRequest::close);
        }
        assertThat(api.postEvents(slow, body).statusCode()).isEqualTo(202);
    }

    /** The 503s answered so far. */
    private double unavailable() {
        return meters.get("theeye.ingest.requests")
                .tag("outcome", "unavailable")
                .timer()
                .count();
    }

    private String token(String name) {
        ClientStore.Client client = clients.create(name);
        String token = Tokens.valid(client.clientId(), client.secretKey());
        ApiClient api = new ApiClient(environment.getRequiredProperty("local.server.port", Integer.class));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> api.postEvents(token, IngestIntegrationTestCases.README_EVENT)
                                .statusCode()
                        == 202);
        return token;
    }
}
