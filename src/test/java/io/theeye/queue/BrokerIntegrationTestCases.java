package io.theeye.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.TheEyeApplication;
import io.theeye.store.ClientStore;
import io.theeye.support.ApiClient;
import io.theeye.support.TcpProxy;
import io.theeye.support.TestDatabases;
import io.theeye.support.Tokens;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The API and the workers as separate applications, as {@code serve --no-worker} and {@code worker} run them, on a
 * real broker and a real PostgreSQL: the workers reach the database through a relay the test can cut.
 */
public abstract class BrokerIntegrationTestCases {

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    protected TcpProxy databaseRelay;
    protected String databaseUrl;
    protected ApiClient api;
    protected String token;

    /** Settings that point an application at this test's broker: its own stream or topic. */
    protected abstract List<String> brokerSettings();

    @BeforeEach
    void startApiAndWorker() {
        databaseUrl = TestDatabases.newPostgresSchemaUrl();
        URI postgres = URI.create(TestDatabases.POSTGRES_URL.substring("jdbc:".length()));
        databaseRelay = new TcpProxy(postgres.getHost(), postgres.getPort());
        ConfigurableApplicationContext apiContext = startApi(brokerSettings());
        startWorker(databaseUrl.replace(":" + postgres.getPort() + "/", ":" + databaseRelay.port() + "/"));
        api = new ApiClient(apiContext.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
        ClientStore.Client client = apiContext.getBean(ClientStore.class).create("broker test");
        token = Tokens.valid(client.clientId(), client.secretKey());
    }

    @AfterEach
    void stopAll() {
        contexts.reversed().forEach(ConfigurableApplicationContext::close);
        databaseRelay.close();
    }

    protected ConfigurableApplicationContext startApi(List<String> broker) {
        List<String> args = new ArrayList<>(common(databaseUrl));
        args.addAll(broker);
        args.addAll(List.of("--server.port=0", "--the-eye.worker.enabled=false", "--the-eye.queue.publish-timeout=2s"));
        ConfigurableApplicationContext context =
                new SpringApplicationBuilder(TheEyeApplication.class).run(args.toArray(String[]::new));
        contexts.add(context);
        return context;
    }

    void startWorker(String workerDatabaseUrl) {
        List<String> args = new ArrayList<>(common(workerDatabaseUrl));
        args.addAll(brokerSettings());
        args.addAll(List.of("--the-eye.worker.enabled=true", "--the-eye.worker.max-backoff=500ms"));
        contexts.add(new SpringApplicationBuilder(TheEyeApplication.class)
                .web(WebApplicationType.NONE)
                .run(args.toArray(String[]::new)));
    }

    private static List<String> common(String url) {
        return List.of(
                "--the-eye.db.url=" + url,
                "--the-eye.db.user=" + TestDatabases.POSTGRES_USER,
                "--the-eye.db.password=" + TestDatabases.POSTGRES_PASSWORD,
                // A cut connection must fail fast, not wait out the pool's 30 s.
                "--spring.datasource.hikari.connection-timeout=2000");
    }

    @Test
    void everyEventTheApiAcceptsIsStoredOnceByTheWorkers() {
        List<String> accepted = postBatches("apart", 20);

        await().atMost(Duration.ofSeconds(60)).until(() -> stored("apart").size() == accepted.size());
        assertThat(stored("apart")).containsExactlyInAnyOrderElementsOf(accepted);
    }

    @Test
    void eventsAcceptedWhileTheDatabaseIsAwayAreStoredWhenItComesBack() {
        databaseRelay.cut();

        List<String> accepted = postBatches("outage", 5);

        assertThat(accepted).hasSize(50);
        databaseRelay.restore();
        await().atMost(Duration.ofSeconds(60)).until(() -> stored("outage").size() == accepted.size());
        assertThat(stored("outage")).containsExactlyInAnyOrderElementsOf(accepted);
    }

    /** Posts batches of 10 events, each answered 202; returns the accepted ids. */
    List<String> postBatches(String session, int batches) {
        List<String> ids = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            HttpResponse<String> response = api.postEvents(token, body(session));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            ApiClient.json(response).get("ids").forEach(id -> ids.add(id.stringValue()));
        }
        return ids;
    }

    protected static String body(String session) {
        return IntStream.range(0, 10)
                .mapToObj(i -> "{\"session_id\": \"" + session + "\", \"category\": \"c\", \"name\": \"n" + i + "\"}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    private List<String> stored(String session) {
        return JdbcClient.create(new DriverManagerDataSource(
                        databaseUrl, TestDatabases.POSTGRES_USER, TestDatabases.POSTGRES_PASSWORD))
                .sql("select id from events where session_id = ?")
                .param(session)
                .query((rs, n) -> rs.getString(1))
                .list();
    }
}
