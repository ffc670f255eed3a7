package io.theeye.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.store.ClientStore;
import io.theeye.support.ApiClient;
import io.theeye.support.TestDatabases;
import io.theeye.support.Tokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** When the database is gone, requests get 503 with Retry-After: never a 202 for an event that was not kept. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "the-eye.auth.client-refresh-interval=100ms")
@DirtiesContext
class StorageOutageIntegrationTests {

    @Autowired
    Environment environment;

    @Autowired
    ClientStore clients;

    @Autowired
    HikariDataSource dataSource;

    @Autowired
    @Qualifier("writerDataSource")
    HikariDataSource writerDataSource;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.useSqlite(registry);
    }

    @Test
    void answers503WithRetryAfterWhenTheDatabaseIsUnavailable() {
        ApiClient api = new ApiClient(environment.getRequiredProperty("local.server.port", Integer.class));
        ClientStore.Client client = clients.create("outage");
        String token = Tokens.valid(client.clientId(), client.secretKey());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> api.postEvents(token, IngestIntegrationTestCases.README_EVENT)
                                .statusCode()
                        == 202);

        dataSource.close();
        writerDataSource.close();
        HttpResponse<String> response = api.postEvents(token, IngestIntegrationTestCases.README_EVENT);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(ApiClient.json(response).get("error").stringValue()).isEqualTo("unavailable");
    }
}
