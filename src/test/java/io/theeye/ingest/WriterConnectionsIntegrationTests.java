package io.theeye.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.store.ClientStore;
import io.theeye.support.ApiClient;
import io.theeye.support.TestDatabases;
import io.theeye.support.Tokens;
import java.sql.Connection;
import java.sql.SQLException;
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

/** Writers have connections of their own: reads holding every other connection cannot keep events from being stored. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "the-eye.auth.client-refresh-interval=100ms",
            "the-eye.db.pool-size=2",
            "the-eye.ingest.store-timeout=5s"
        })
@DirtiesContext
class WriterConnectionsIntegrationTests {

    @Autowired
    Environment environment;

    @Autowired
    ClientStore clients;

    /** The pool that reads, exports and everything but the writers use. */
    @Autowired
    HikariDataSource dataSource;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.useSqlite(registry);
    }

    @Test
    void storesEventsWhileReadsHoldEveryOtherConnection() throws SQLException {
        ApiClient api = new ApiClient(environment.getRequiredProperty("local.server.port", Integer.class));
        ClientStore.Client client = clients.create("writer connections");
        String token = Tokens.valid(client.clientId(), client.secretKey());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> api.postEvents(token, IngestIntegrationTestCases.README_EVENT)
                                .statusCode()
                        == 202);
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < dataSource.getMaximumPoolSize(); i++) {
                held.add(dataSource.getConnection());
            }

            assertThat(api.postEvents(token, IngestIntegrationTestCases.README_EVENT)
                            .statusCode())
                    .isEqualTo(202);
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
    }
}
