package io.theeye.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;

import io.theeye.store.ClientStore;
import io.theeye.store.EventStore;
import io.theeye.support.ApiClient;
import io.theeye.support.SlowRequest;
import io.theeye.support.TestDatabases;
import io.theeye.support.Tokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import tools.jackson.databind.JsonNode;

/**
 * When the service cannot keep up, requests get 503 with Retry-After, and never a 202 for an event that was not
 * kept. The writer is held inside the store to make the service slow on purpose.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "the-eye.auth.client-refresh-interval=100ms",
            "the-eye.queue.direct.capacity=3",
            "the-eye.worker.concurrency=1",
            "the-eye.ingest.store-timeout=1s",
            "the-eye.ingest.max-concurrent-requests=2"
        })
@DirtiesContext
class OverloadIntegrationTests {

    @Autowired
    Environment environment;

    @Autowired
    ClientStore clients;

    @MockitoSpyBean
    EventStore store;

    private final CountDownLatch writing = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private ApiClient api;
    private String token;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.useSqlite(registry);
    }

    @BeforeEach
    void createClient() {
        api = new ApiClient(environment.getRequiredProperty("local.server.port", Integer.class));
        ClientStore.Client client = clients.create("overload");
        token = Tokens.valid(client.clientId(), client.secretKey());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> api.postEvents(token, IngestIntegrationTestCases.README_EVENT)
                                .statusCode()
                        == 202);
    }

    @AfterEach
    void releaseTheWriter() {
        release.countDown();
    }

    @Test
    void answers503AtOnceWhenTooManyEventsAreWaiting() throws Exception {
        holdTheWriter();
        CompletableFuture<HttpResponse<String>> filling =
                CompletableFuture.supplyAsync(() -> api.postEvents(token, events(3)));
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();

        HttpResponse<String> refused = api.postEvents(token, events(1));

        assertUnavailable(refused, "too many events are waiting");
        release.countDown();
        filling.join();
    }

    @Test
    void answers503WhenStoringTakesLongerThanTheStoreTimeout() {
        holdTheWriter();

        HttpResponse<String> response = api.postEvents(token, events(1));

        assertUnavailable(response, "took too long");
    }

    @Test
    void answers503AtOnceBeyondTheConcurrentRequestsWhileOthersUploadSlowly() {
        int port = environment.getRequiredProperty("local.server.port", Integer.class);
        try (SlowRequest first = SlowRequest.postEvents(port, token);
                SlowRequest second = SlowRequest.postEvents(port, token)) {

            HttpResponse<String> refused = await().atMost(Duration.ofSeconds(10))
                    .until(() -> api.postEvents(token, events(1)), response -> response.statusCode() == 503);

            assertUnavailable(refused, "too many requests are being handled");
            assertThat(first.finish(events(1))).isEqualTo(202);
            assertThat(second.finish(events(1))).isEqualTo(202);
        }
        assertThat(api.postEvents(token, events(1)).statusCode()).isEqualTo(202);
    }

    @Test
    void answers503WhenTheWriterFailsWithAnErrorAndStoresAgainOnceItHasStartedAgain() {
        doThrow(new OutOfMemoryError("injected")).doCallRealMethod().when(store).store(any());

        HttpResponse<String> lost = api.postEvents(token, events(1));

        assertUnavailable(lost, "the writer failed");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.postEvents(token, events(1)).statusCode() == 202);
        assertThat(api.send("GET", "/actuator/health", null, Map.of()).statusCode())
                .isEqualTo(200);
        assertThat(api.send("GET", "/actuator/prometheus", null, Map.of()).body())
                .containsPattern("(?m)^theeye_worker_restarts_total(\\{[^}]*\\})? 1\\.0$");
    }

    /** The next group the writer takes waits inside the store until {@link #release}. */
    private void holdTheWriter() {
        doAnswer(invocation -> {
                    writing.countDown();
                    release.await();
                    return invocation.callRealMethod();
                })
                .when(store)
                .store(any());
    }

    private static void assertUnavailable(HttpResponse<String> response, String reason) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        JsonNode body = ApiClient.json(response);
        assertThat(body.get("error").stringValue()).isEqualTo("unavailable");
        assertThat(body.get("message").stringValue()).contains(reason);
        assertThat(body.get("errors").isArray()).isTrue();
    }

    private static String events(int count) {
        return "[" + String.join(",", Collections.nCopies(count, IngestIntegrationTestCases.README_EVENT)) + "]";
    }
}
