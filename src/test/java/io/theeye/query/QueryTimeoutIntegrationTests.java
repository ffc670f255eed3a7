package io.theeye.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.store.ClientStore;
import io.theeye.support.ApiClient;
import io.theeye.support.TestDatabases;
import io.theeye.support.Tokens;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A read that runs past THE_EYE_QUERY_TIMEOUT is stopped and answered 503 with Retry-After. PostgreSQL makes a read
 * wait at will: another connection holds a lock on the table.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"the-eye.auth.client-refresh-interval=100ms", "the-eye.query.timeout=1s"})
@DirtiesContext
class QueryTimeoutIntegrationTests {

    @Autowired
    Environment environment;

    @Autowired
    ClientStore clients;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.usePostgres(registry);
    }

    @Test
    void answers503WithRetryAfterWhenAReadOutlastsTheQueryTimeout() throws Exception {
        ApiClient api = new ApiClient(environment.getRequiredProperty("local.server.port", Integer.class));
        ClientStore.Client client = clients.create("query timeout");
        Map<String, String> auth =
                Map.of("Authorization", "Bearer " + Tokens.valid(client.clientId(), client.secretKey()));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> api.send("GET", "/events", null, auth).statusCode() == 200);

        try (Connection locker = DriverManager.getConnection(
                        environment.getRequiredProperty("the-eye.db.url"),
                        TestDatabases.POSTGRES_USER,
                        TestDatabases.POSTGRES_PASSWORD);
                Statement statement = locker.createStatement()) {
            locker.setAutoCommit(false);
            statement.execute("lock table events in access exclusive mode");

            CompletableFuture<HttpResponse<String>> read =
                    CompletableFuture.supplyAsync(() -> api.send("GET", "/events", null, auth));

            assertThat(read).succeedsWithin(Duration.ofSeconds(20)).satisfies(response -> {
                assertThat(response.statusCode()).isEqualTo(503);
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
                JsonNode body = ApiClient.json(response);
                assertThat(body.get("error").stringValue()).isEqualTo("unavailable");
                assertThat(body.get("message").stringValue()).contains("took longer than 1 s");
                assertThat(body.get("errors").isArray()).isTrue();
            });
            locker.rollback();
        }
        assertThat(api.send("GET", "/events", null, auth).statusCode()).isEqualTo(200);
    }
}
