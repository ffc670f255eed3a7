package io.theeye.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.TheEyeApplication;
import io.theeye.export.DuckDb;
import io.theeye.queue.TestCodecs;
import io.theeye.store.ClientStore;
import io.theeye.support.ApiClient;
import io.theeye.support.TestBrokers;
import io.theeye.support.TestDatabases;
import io.theeye.support.Tokens;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * On PostgreSQL, with Redis Streams between the API process and two worker processes (each as {@code the-eye worker}
 * runs it, several writers each, their transactions committing in any order), an exporter running all along: every
 * event answered 202 ends up in exactly one exported file, read back with DuckDB.
 */
@SpringBootTest(
        classes = TheEyeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "the-eye.queue.type=redis",
            "the-eye.queue.signing-key=" + TestCodecs.KEY,
            "the-eye.worker.enabled=false",
            "the-eye.auth.client-refresh-interval=100ms"
        })
class PostgresRedisExporterIntegrationTests {

    /** A stream of this class's own. */
    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        TestDatabases.usePostgres(registry);
        String stream = "the-eye-test:" + UUID.randomUUID();
        registry.add("the-eye.queue.redis.url", TestBrokers::redis);
        registry.add("the-eye.queue.redis.stream", () -> stream);
    }

    @Autowired
    Environment environment;

    @Autowired
    ClientStore clients;

    @Autowired
    JdbcClient jdbc;

    @TempDir
    Path folder;

    private final List<ConfigurableApplicationContext> processes = new ArrayList<>();

    @AfterEach
    void stopProcesses() {
        processes.reversed().forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void everyEventAnswered202ThroughRedisWorkersIsExportedOnceWhileTheExporterRuns() throws Exception {
        ApiClient api = new ApiClient(environment.getRequiredProperty("local.server.port", Integer.class));
        List<String> tokens = new ArrayList<>();
        for (String name : List.of("shop", "blog")) {
            ClientStore.Client client = clients.create(name);
            tokens.add(Tokens.valid(client.clientId(), client.secretKey()));
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.postEvents(tokens.getFirst(), batch(1)).statusCode() == 202);
        for (int worker = 0; worker < 2; worker++) {
            start(List.of("--the-eye.worker.concurrency=3", "--the-eye.worker.max-batch-events=300"));
        }
        start(List.of(
                "--the-eye.worker.enabled=false",
                "--the-eye.exporter.enabled=true",
                "--the-eye.export.to=" + folder.toUri(),
                "--the-eye.export.batch-events=500",
                "--the-eye.export.interval=100ms"));

        // Four senders at once, while the exporter runs: batches reach the workers, and the store, in any order.
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        List<Future<?>> sending = new ArrayList<>();
        for (int sender = 0; sender < 4; sender++) {
            String token = tokens.get(sender % 2);
            sending.add(senders.submit(() -> {
                for (int request = 0; request < 60; request++) {
                    HttpResponse<String> response = api.postEvents(token, batch(1 + request % 40));
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                    for (JsonNode id : ApiClient.json(response).get("ids")) {
                        accepted.add(id.stringValue());
                    }
                }
                return null;
            }));
        }
        for (Future<?> sent : sending) {
            sent.get();
        }
        senders.shutdown();

        await().atMost(Duration.ofSeconds(120))
                .ignoreExceptions()
                .until(() -> exportedIds().containsAll(accepted));
        try (DuckDb duckDb = new DuckDb()) {
            List<Object> ids = duckDb.column("select cast(id as varchar) from " + DuckDb.filesUnder(folder));
            assertThat(ExporterIntegrationTestCases.duplicates(ids))
                    .as("ids in more than one row")
                    .isEmpty();
            // The warm-up event too: every stored event, once.
            assertThat(ids)
                    .hasSize(jdbc.sql("select count(*) from events")
                            .query(Long.class)
                            .single()
                            .intValue());
        }
    }

    /** A worker or the exporter in an application of its own, on this test's database and stream. */
    private void start(List<String> more) {
        List<String> args = new ArrayList<>(List.of(
                "--the-eye.db.url=" + environment.getRequiredProperty("the-eye.db.url"),
                "--the-eye.db.user=" + environment.getProperty("the-eye.db.user", ""),
                "--the-eye.db.password=" + environment.getProperty("the-eye.db.password", ""),
                "--the-eye.queue.type=redis",
                "--the-eye.queue.redis.url=" + TestBrokers.redis(),
                "--the-eye.queue.redis.stream=" + environment.getRequiredProperty("the-eye.queue.redis.stream"),
                "--the-eye.queue.signing-key=" + TestCodecs.KEY));
        args.addAll(more);
        processes.add(new SpringApplicationBuilder(TheEyeApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .run(args.toArray(String[]::new)));
    }

    private static String batch(int size) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            events.add("{\"session_id\": \"s%d\", \"category\": \"export\", \"name\": \"n\", \"data\": {\"i\": %d}}"
                    .formatted(i % 5, i));
        }
        return "[" + String.join(",", events) + "]";
    }

    private Set<String> exportedIds() throws SQLException {
        if (!Files.exists(folder)) {
            return Set.of();
        }
        try (DuckDb duckDb = new DuckDb()) {
            return new HashSet<>(duckDb.column("select cast(id as varchar) from " + DuckDb.filesUnder(folder)).stream()
                    .map(Object::toString)
                    .toList());
        }
    }
}
