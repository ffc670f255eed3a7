package io.theeye.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.store.ClientStore;
import io.theeye.support.ApiClient;
import io.theeye.support.TestDatabases;
import io.theeye.support.Tokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A token scoped {@code events:write}, as a backend hands one to a browser: it sends events and reads nothing, even
 * for a client that may read every client's events.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "the-eye.auth.client-refresh-interval=100ms")
@DirtiesContext
class ScopedTokenIntegrationTests {

    private static final String EVENT = "{\"session_id\": \"s\", \"category\": \"c\", \"name\": \"n\"}";

    @Autowired
    Environment environment;

    @Autowired
    ClientStore clients;

    private ApiClient api;
    private ClientStore.Client client;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.useSqlite(registry);
    }

    @BeforeEach
    void createClient() {
        api = new ApiClient(environment.getRequiredProperty("local.server.port", Integer.class));
        client = clients.create("browser backend", true, true);
        String full = Tokens.valid(client.clientId(), client.secretKey());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> api.postEvents(full, EVENT).statusCode() == 202);
    }

    @Test
    void aSendOnlyTokenSendsEvents() {
        String token = Tokens.scoped(client.clientId(), client.secretKey(), "events:write");

        assertThat(api.postEvents(token, EVENT).statusCode()).isEqualTo(202);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/events", "/events/export", "/stats?interval=day", "/rejected-events", "/schemas"})
    void aSendOnlyTokenReadsNothing(String path) {
        String token = Tokens.scoped(client.clientId(), client.secretKey(), "events:write");

        HttpResponse<String> response = api.send("GET", path, null, Map.of("Authorization", "Bearer " + token));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(challenge -> assertThat(challenge).contains("error=\"insufficient_scope\""));
        JsonNode body = ApiClient.json(response);
        assertThat(body.get("error").stringValue()).isEqualTo("insufficient_scope");
        assertThat(body.get("message").stringValue()).contains("may only send events");
    }

    @Test
    void theSameClientsFullTokenStillReads() {
        String token = Tokens.valid(client.clientId(), client.secretKey());

        assertThat(api.send("GET", "/events", null, Map.of("Authorization", "Bearer " + token))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aTokenNamingAnotherScopeIsRefused() {
        String token = Tokens.scoped(client.clientId(), client.secretKey(), "events:read");

        HttpResponse<String> sent = api.postEvents(token, EVENT);
        HttpResponse<String> read = api.send("GET", "/events", null, Map.of("Authorization", "Bearer " + token));

        assertThat(sent.statusCode()).isEqualTo(401);
        assertThat(ApiClient.json(sent).get("message").stringValue()).contains("unknown scope");
        assertThat(read.statusCode()).isEqualTo(401);
    }
}
