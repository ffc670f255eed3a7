package io.theeye.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.event.Event;
import io.theeye.event.IngestBatch;
import io.theeye.store.ClientStore;
import io.theeye.store.EventStore;
import io.theeye.support.ApiClient;
import io.theeye.support.TestDatabases;
import io.theeye.support.Tokens;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Expiry by itself, in {@code serve}'s background, on the embedded database: tens of thousands of expired events go
 * while a burst of recent events arrives, and every recent event answered 202 is still stored after.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "the-eye.auth.client-refresh-interval=100ms",
            "the-eye.retention.events=30d",
            "the-eye.retention.interval=100ms"
        })
class SqliteBackgroundExpiryIntegrationTests {

    private static final int EXPIRED = 60_000;
    private static final int SENDERS = 4;
    private static final int REQUESTS_EACH = 40;
    private static final int EVENTS_PER_REQUEST = 25;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.useSqlite(registry);
    }

    @Autowired
    Environment environment;

    @Autowired
    ClientStore clients;

    @Autowired
    EventStore events;

    @Test
    void removesExpiredEventsBesideABurstOfIngestAndKeepsEveryRecentEventAnswered202() throws Exception {
        ApiClient api = new ApiClient(environment.getRequiredProperty("local.server.port", Integer.class));
        ClientStore.Client client = clients.create("busy shop");
        String token = Tokens.valid(client.clientId(), client.secretKey());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.postEvents(token, "{\"session_id\": \"first\", \"category\": \"c\", \"name\": \"n\"}")
                                .statusCode()
                        == 202);
        Instant now = Instant.now();
        storeExpired(client.clientId(), now);
        String session = "burst-" + UUID.randomUUID();

        Set<String> accepted = ConcurrentHashMap.newKeySet();
        List<Integer> refusals = new ArrayList<>();
        try (ExecutorService senders = Executors.newFixedThreadPool(SENDERS)) {
            List<Future<List<Integer>>> sent = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                sent.add(senders.submit(() -> send(api, token, session, accepted)));
            }
            for (Future<List<Integer>> each : sent) {
                refusals.addAll(each.get());
            }
        }

        assertThat(refusals).as("status codes other than 202").isEmpty();
        assertThat(accepted).hasSize(SENDERS * REQUESTS_EACH * EVENTS_PER_REQUEST);
        String expiredRange = "/events?limit=1&to=" + encode(now.minus(Duration.ofDays(30)));
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> get(api, token, expiredRange).get("results").isEmpty());
        assertThat(storedIds(api, token, session)).containsAll(accepted).hasSameSizeAs(accepted);
    }

    /** Stores events 31 to 90 days old, as the worker would have, in groups of a few thousand. */
    private void storeExpired(UUID clientId, Instant now) {
        List<Event> group = new ArrayList<>();
        for (int i = 0; i < EXPIRED; i++) {
            Instant timestamp = now.minus(Duration.ofDays(31)).minusSeconds(i * 86L);
            group.add(new Event(UUID.randomUUID(), clientId, "old", "page", "view", "{}", timestamp, now));
            if (group.size() == 5000) {
                events.store(List.of(new IngestBatch(group, List.of())));
                group = new ArrayList<>();
            }
        }
    }

    /** Sends recent events; notes the ids answered 202 and returns every other status code. */
    private static List<Integer> send(ApiClient api, String token, String session, Set<String> accepted) {
        List<Integer> others = new ArrayList<>();
        for (int r = 0; r < REQUESTS_EACH; r++) {
            List<String> batch = new ArrayList<>();
            for (int e = 0; e < EVENTS_PER_REQUEST; e++) {
                batch.add("{\"session_id\": \"" + session + "\", \"category\": \"page\", \"name\": \"view\","
                        + " \"timestamp\": \"" + Instant.now().minusSeconds(e) + "\"}");
            }
            HttpResponse<String> response = api.postEvents(token, "[" + String.join(",", batch) + "]");
            if (response.statusCode() == 202) {
                ApiClient.json(response).get("ids").forEach(id -> accepted.add(id.stringValue()));
            } else {
                others.add(response.statusCode());
            }
        }
        return others;
    }

    private static List<String> storedIds(ApiClient api, String token, String session) {
        HttpResponse<String> export = api.send(
                "GET", "/events/export?session_id=" + session, null, Map.of("Authorization", "Bearer " + token));
        assertThat(export.statusCode()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (String line : export.body().strip().split("\n")) {
            ids.add(ApiClient.json(line).get("id").stringValue());
        }
        return ids;
    }

    private static JsonNode get(ApiClient api, String token, String path) {
        HttpResponse<String> response = api.send("GET", path, null, Map.of("Authorization", "Bearer " + token));
        assertThat(response.statusCode())
                .as("GET %s: %s", path, response.body())
                .isEqualTo(200);
        return ApiClient.json(response);
    }

    private static String encode(Instant instant) {
        return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
    }
}
