package io.theeye.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.TheEyeApplication;
import io.theeye.export.ContinuousExportMarker;
import io.theeye.export.Destination;
import io.theeye.export.DuckDb;
import io.theeye.export.S3ProxyServer;
import io.theeye.store.ClientStore;
import io.theeye.store.EventFeed;
import io.theeye.store.ExportProgressStore;
import io.theeye.support.ApiClient;
import io.theeye.support.ServerProcess;
import io.theeye.support.Tokens;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Events sent over HTTP to a running server end up exactly once in the files of exporters run beside it, each in a
 * context of its own as {@code the-eye exporter} runs (the exporter's beans, no web server), on the server's
 * database; the files are read back with DuckDB. Each subclass names the database.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "the-eye.auth.client-refresh-interval=100ms")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ExporterIntegrationTestCases {

    @Autowired
    Environment environment;

    @Autowired
    ClientStore clients;

    @Autowired
    ExportProgressStore progress;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    EventFeed feed;

    @Autowired
    Clock clock;

    private ExportLags lags;

    /** Each test's destination: a new one, which the export starts at the first stored event. */
    private Path folder;

    private ApiClient api;
    private List<String> tokens;
    private final List<ConfigurableApplicationContext> exporters = new ArrayList<>();

    @BeforeAll
    void createClients() {
        lags = new ExportLags(feed, progress, clock);
        api = new ApiClient(environment.getRequiredProperty("local.server.port", Integer.class));
        tokens = new ArrayList<>();
        for (String name : List.of("shop", "blog")) {
            ClientStore.Client client = clients.create(name);
            tokens.add(Tokens.valid(client.clientId(), client.secretKey()));
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> tokens.stream()
                        .allMatch(
                                token -> api.postEvents(token, event("warm-up")).statusCode() == 202));
    }

    @BeforeEach
    void newDestination() throws IOException {
        folder = Files.createTempDirectory("the-eye-export");
    }

    @AfterEach
    void stopExporters() {
        exporters.forEach(ConfigurableApplicationContext::close);
        exporters.clear();
    }

    @Test
    void everyEventSentIsExportedOnceAndSoAreThoseSentWhileItRuns() throws Exception {
        Set<String> sent = send(40);
        int metricsPort = freePort();
        exporter(destination -> destination, "--the-eye.export.metrics-port=" + metricsPort);

        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> exportedIds().containsAll(sent));
        Set<String> more = send(25);
        sent.addAll(more);

        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> exportedIds().containsAll(sent));
        assertExactlyOnce();
        try (Stream<Path> files = Files.walk(folder)) {
            assertThat(files.filter(path -> path.getFileName().toString().startsWith(".")))
                    .as("no temporary file is left")
                    .isEmpty();
        }
        assertThat(folder.resolve(ContinuousExportMarker.KEY))
                .as("the marker that keeps a backfill out")
                .isRegularFile();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(metrics(metricsPort))
                        .contains("theeye_export_lag_events 0.0")
                        .contains("theeye_export_lag_seconds 0.0")
                        .containsPattern("theeye_export_files_total [1-9]")
                        .containsPattern("theeye_export_bytes_total [1-9]")
                        .contains("theeye_export_failures_total 0.0"));
    }

    private static String metrics(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * The exporter stops within a batch: after the first file (a file visible, others not) or after the second (every
     * file of a two-client batch visible, the progress not recorded). A new exporter finishes the batch.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void anExporterStoppedWithinABatchIsFinishedByTheNextExactlyOnce(int publishesBeforeTheCrash) throws Exception {
        Set<String> sent = send(30);
        AtomicInteger failures = new AtomicInteger();
        ConfigurableApplicationContext crashing =
                exporter(destination -> new CrashingDestination(destination, publishesBeforeTheCrash, failures));
        await().atMost(Duration.ofSeconds(60)).until(() -> failures.get() > 0);
        crashing.close();
        exporters.remove(crashing);
        ExportProgressStore.Progress stopped = progress.find(destinationUrl());
        assertThat(stopped.pending())
                .as("the batch it stopped in is still pending")
                .isTrue();
        assertThat(stopped.batch()).isZero();

        exporter(destination -> destination);

        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> exportedIds().containsAll(sent));
        assertExactlyOnce();
        assertThat(progress.find(destinationUrl()).pending()).isFalse();
    }

    @Test
    void aSecondExporterOnTheSameDestinationWaitsWhileTheFirstHoldsIt() throws Exception {
        Set<String> sent = send(20);
        AtomicInteger firstPublishes = new AtomicInteger();
        AtomicInteger secondPublishes = new AtomicInteger();
        ConfigurableApplicationContext first =
                exporter(destination -> new CountingDestination(destination, firstPublishes));
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> exportedIds().containsAll(sent));
        ConfigurableApplicationContext second =
                exporter(destination -> new CountingDestination(destination, secondPublishes));
        Exporter waiting = second.getBean(Exporter.class);

        sent.addAll(send(20));
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> exportedIds().containsAll(sent));
        assertThat(waiting.holding()).isFalse();
        assertThat(secondPublishes).hasValue(0);
        assertThat(first.getBean(Exporter.class).holding()).isTrue();

        // Stopped, the first gives the lease up: the second takes over at once.
        first.close();
        exporters.remove(first);
        sent.addAll(send(20));
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> exportedIds().containsAll(sent));
        assertThat(secondPublishes.get()).isPositive();
        assertExactlyOnce();
    }

    /**
     * A 100,000-event run: {@code the-eye exporter} in processes of its own, each killed (SIGKILL) once a random
     * number of further files is visible, so that the kills fall anywhere within batches and anywhere along the run,
     * while events keep coming; the next waits for the dead one's lease to expire and finishes its batch. Every event
     * is exported once.
     */
    @Test
    // Six exporter JVMs started one after the other, and each killed one's lease to wait out: longer than the default.
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void exporterProcessesKilledAtRandomPointsOfA100000EventRunExportEveryEventOnce() throws Exception {
        Set<String> sent = send(100_000);
        Path log = Files.createTempFile("the-eye-exporter", ".log");
        Random random = new Random();
        long seed = random.nextLong();
        random.setSeed(seed);
        List<Integer> killedAt = new ArrayList<>();
        for (int run = 0; run < 5; run++) {
            int filesBefore = files().size();
            // About 290 files in all (batches of 700 events, most in two clients' files): kills spread along the run.
            int killAt = filesBefore + 1 + random.nextInt(50);
            try (ServerProcess exporter = ServerProcess.start(processEnvironment(), log, "exporter")) {
                sent.addAll(send(300));
                // Or once it has caught up: on a loaded machine it may export all there is before this looks.
                await().atMost(Duration.ofSeconds(180))
                        .pollInterval(Duration.ofMillis(20))
                        .ignoreExceptions()
                        .until(() -> files().size() >= killAt || (files().size() > filesBefore && caughtUp()));
                exporter.kill();
            }
            killedAt.add(files().size());
        }
        try (ServerProcess exporter = ServerProcess.start(processEnvironment(), log, "exporter")) {
            await().atMost(Duration.ofSeconds(180)).ignoreExceptions().until(this::caughtUp);
            Set<String> missing = new HashSet<>(sent);
            missing.removeAll(exportedIds());
            assertThat(missing)
                    .as("seed %d, killed at %s files", seed, killedAt)
                    .isEmpty();
            assertExactlyOnce();
            exporter.terminate();
            assertThat(exporter.waitForExit()).as(Files.readString(log)).isIn(0, 143);
        }
        Files.deleteIfExists(log);
    }

    /** Whether the destination's recorded position is past every stored event, as the dashboard measures it. */
    private boolean caughtUp() {
        return lags.all().stream().anyMatch(lag -> lag.destination().equals(destinationUrl()) && lag.events() == 0);
    }

    /**
     * {@code the-eye exporter} to S3-compatible storage (S3Proxy, keeping objects as files), set up as a user would:
     * endpoint, region and path style in THE_EYE_EXPORT_S3_*, keys in the AWS SDK's own variables.
     */
    @Test
    void anExporterProcessExportsToS3CompatibleStorageOnce() throws Exception {
        Set<String> sent = send(50);
        Path storage = Files.createTempDirectory("the-eye-s3");
        Path log = Files.createTempFile("the-eye-exporter", ".log");
        try (S3ProxyServer s3 = new S3ProxyServer(storage)) {
            Path bucket = s3.bucket("analytics");
            Map<String, String> environment = new HashMap<>(processEnvironment());
            environment.putAll(Map.of(
                    "THE_EYE_EXPORT_TO",
                    "s3://analytics/the-eye",
                    "THE_EYE_EXPORT_S3_ENDPOINT",
                    s3.endpoint().toString(),
                    "THE_EYE_EXPORT_S3_REGION",
                    S3ProxyServer.REGION,
                    "THE_EYE_EXPORT_S3_PATH_STYLE",
                    "true",
                    "AWS_ACCESS_KEY_ID",
                    S3ProxyServer.ACCESS_KEY,
                    "AWS_SECRET_ACCESS_KEY",
                    S3ProxyServer.SECRET_KEY));
            folder = bucket.resolve("the-eye");
            try (ServerProcess exporter = ServerProcess.start(environment, log, "exporter")) {
                await().atMost(Duration.ofSeconds(120))
                        .ignoreExceptions()
                        .until(() -> exportedIds().containsAll(sent));
                assertExactlyOnce();
            }
        }
        Files.deleteIfExists(log);
    }

    private Map<String, String> processEnvironment() {
        return Map.of(
                "THE_EYE_DB_URL", environment.getRequiredProperty("the-eye.db.url"),
                "THE_EYE_DB_USER", environment.getProperty("the-eye.db.user", ""),
                "THE_EYE_DB_PASSWORD", environment.getProperty("the-eye.db.password", ""),
                "THE_EYE_EXPORT_TO", destinationUrl(),
                "THE_EYE_EXPORT_BATCH_EVENTS", "700",
                "THE_EYE_EXPORT_INTERVAL", "200ms",
                "THE_EYE_EXPORT_LEASE", "3s");
    }

    /** The complete files visible in the destination. */
    private List<Path> files() throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            return paths.filter(path -> path.getFileName().toString().endsWith(".parquet"))
                    .filter(path -> !path.getFileName().toString().startsWith("."))
                    .toList();
        }
    }

    /** Sends that many events, spread over both clients, in requests of up to 7 (1,000 for more than 100); returns their ids. */
    private Set<String> send(int count) {
        Set<String> ids = new HashSet<>();
        int sentSoFar = 0;
        int request = 0;
        while (sentSoFar < count) {
            int size = Math.min(count < 100 ? 7 : 1000, count - sentSoFar);
            List<String> events = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                events.add(event("event " + (sentSoFar + i)));
            }
            HttpResponse<String> response =
                    api.postEvents(tokens.get(request % 2), "[" + String.join(",", events) + "]");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            for (JsonNode id : ApiClient.json(response).get("ids")) {
                ids.add(id.stringValue());
            }
            sentSoFar += size;
            request++;
        }
        return ids;
    }

    private static String event(String name) {
        return "{\"session_id\": \"s\", \"category\": \"export\", \"name\": \"" + name + "\", \"data\": {\"n\": 1}}";
    }

    /** Starts an exporter on the test's folder, as {@code the-eye exporter} does, its destination wrapped. */
    private ConfigurableApplicationContext exporter(DestinationWrapper wrapper, String... moreArgs) {
        List<String> args = new ArrayList<>(List.of(
                "--the-eye.db.url=" + environment.getRequiredProperty("the-eye.db.url"),
                "--the-eye.db.user=" + environment.getProperty("the-eye.db.user", ""),
                "--the-eye.db.password=" + environment.getProperty("the-eye.db.password", ""),
                "--the-eye.worker.enabled=false",
                "--the-eye.exporter.enabled=true",
                "--the-eye.export.to=" + destinationUrl(),
                "--the-eye.export.batch-events=1000",
                "--the-eye.export.interval=200ms",
                "--the-eye.export.lease=30s"));
        args.addAll(List.of(moreArgs));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(TheEyeApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .initializers(c -> c.getBeanFactory().registerSingleton("destinationWrapper", wrapper))
                .run(args.toArray(String[]::new));
        exporters.add(context);
        return context;
    }

    private String destinationUrl() {
        return folder.toUri().toString().replaceAll("/$", "");
    }

    private Set<String> exportedIds() throws SQLException {
        try (DuckDb duckDb = new DuckDb()) {
            return new HashSet<>(duckDb.column("select cast(id as varchar) from " + DuckDb.filesUnder(folder)).stream()
                    .map(Object::toString)
                    .toList());
        }
    }

    /** Every event stored (the warm-up events included) is in exactly one row of the files. */
    private void assertExactlyOnce() throws SQLException {
        try (DuckDb duckDb = new DuckDb()) {
            List<Object> ids = duckDb.column("select cast(id as varchar) from " + DuckDb.filesUnder(folder));
            // Counted in a map: AssertJ's own check compares each id with every other, too slow for 100,000.
            assertThat(duplicates(ids)).as("ids in more than one row").isEmpty();
            long stored = storedEvents();
            assertThat(ids).hasSize((int) stored);
        }
    }

    static List<Object> duplicates(List<Object> ids) {
        return ids.stream().collect(Collectors.groupingBy(id -> id, Collectors.counting())).entrySet().stream()
                .filter(id -> id.getValue() > 1)
                .map(Map.Entry::getKey)
                .toList();
    }

    private long storedEvents() {
        return jdbc.sql("select count(*) from events").query(Long.class).single();
    }

    /** Publishes the first files, then fails every publish after the last of them: as if the process stopped there. */
    private static final class CrashingDestination extends ForwardingDestination {

        private final int publishes;
        private final AtomicInteger failures;
        private int published;

        CrashingDestination(Destination destination, int publishes, AtomicInteger failures) {
            super(destination);
            this.publishes = publishes;
            this.failures = failures;
        }

        @Override
        public synchronized void publish(String key, Content content) throws IOException {
            if (ContinuousExportMarker.isMarker(key)) {
                destination.publish(key, content); // not a file of a batch
                return;
            }
            if (published == publishes) {
                failures.incrementAndGet();
                throw new IOException("stopped before " + key);
            }
            destination.publish(key, content);
            published++;
            if (published == publishes) {
                failures.incrementAndGet();
                throw new IOException("stopped right after " + key);
            }
        }
    }

    private static final class CountingDestination extends ForwardingDestination {

        private final AtomicInteger publishes;

        CountingDestination(Destination destination, AtomicInteger publishes) {
            super(destination);
            this.publishes = publishes;
        }

        @Override
        public void publish(String key, Content content) throws IOException {
            destination.publish(key, content);
            publishes.incrementAndGet();
        }
    }

    /** A destination that does what the one it wraps does, for a test to change one thing. */
    private abstract static class ForwardingDestination implements Destination {

        final Destination destination;

        ForwardingDestination(Destination destination) {
            this.destination = destination;
        }

        @Override
        public URI url() {
            return destination.url();
        }

        @Override
        public boolean exists(String key) throws IOException {
            return destination.exists(key);
        }

        @Override
        public List<String> list(String keyPrefix) throws IOException {
            return destination.list(keyPrefix);
        }

        @Override
        public void close() throws IOException {
            destination.close();
        }
    }
}
