package io.theeye.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.TheEyeApplication;
import io.theeye.event.Event;
import io.theeye.event.EventFilter;
import io.theeye.event.IngestBatch;
import io.theeye.export.ContinuousExportMarker;
import io.theeye.export.Destination;
import io.theeye.export.Destinations;
import io.theeye.export.DuckDb;
import io.theeye.export.S3ProxyServer;
import io.theeye.export.S3Settings;
import io.theeye.store.ClientStore;
import io.theeye.store.EventReads;
import io.theeye.store.EventStore;
import io.theeye.store.ExportProgressStore;
import io.theeye.support.TestDatabases;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code the-eye export} (the backfill), run as a user runs it, in this JVM, on the database of the application under
 * test, into a local folder and into S3-compatible storage (S3Proxy); what it wrote is read back with DuckDB. Each
 * subclass names the database.
 */
@SpringBootTest(classes = TheEyeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ExportCommandIntegrationTestCases {

    /** The hours the test events were received in: two on one day, one on the next. */
    private static final Instant DAY = Instant.parse("2026-03-01T00:00:00Z");

    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    @Autowired
    Environment environment;

    @Autowired
    ClientStore clients;

    @Autowired
    EventStore store;

    @Autowired
    EventReads reads;

    @Autowired
    ExportProgressStore progress;

    private S3ProxyServer s3;
    private Path s3Storage;

    /** Each test's folder, and its own clients: what one test stores is not another's. */
    private Path folder;

    private UUID shop;
    private UUID blog;

    @BeforeAll
    void startS3() throws Exception {
        s3Storage = Files.createTempDirectory("the-eye-s3");
        s3 = new S3ProxyServer(s3Storage);
        // The AWS SDK reads the keys from these as from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
        System.setProperty("aws.accessKeyId", S3ProxyServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", S3ProxyServer.SECRET_KEY);
    }

    @AfterAll
    void stopS3() throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        s3.close();
    }

    @BeforeEach
    void newFolderAndClients() throws Exception {
        folder = Files.createTempDirectory("the-eye-backfill");
        shop = clients.create("shop").clientId();
        blog = clients.create("blog").clientId();
        for (UUID client : List.of(shop, blog)) {
            store(client, DAY.plus(Duration.ofMinutes(5)), 30);
            store(client, DAY.plus(Duration.ofMinutes(70)), 20);
            store(client, DAY.plus(Duration.ofHours(25)), 10);
        }
    }

    @Test
    void writesTheClientsEventsReceivedInTheRangeOnceEachInTheContinuousExportsLayout() throws Exception {
        Instant from = DAY;
        Instant to = DAY.plus(Duration.ofHours(2));

        Result result = cli(
                "export",
                "--destination",
                url(folder.resolve("backfill")),
                "--client-id",
                shop.toString(),
                "--from",
                "2026-03-01 00:00:00",
                "--to",
                "2026-03-01T02:00:00Z",
                "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        Set<String> expected = stored(shop, from, to);
        assertThat(expected).hasSize(50);
        assertThat(ids(folder.resolve("backfill")))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expected);
        JsonNode summary = JsonMapper.shared().readTree(result.out());
        assertThat(summary.get("events").longValue()).isEqualTo(50);
        assertThat(summary.get("files").longValue())
                .as("one file per hour received")
                .isEqualTo(2);
        assertThat(summary.get("bytes").longValue()).isPositive();
        assertThat(summary.get("file_name").stringValue())
                .isEqualTo("backfill-20260301T000000Z-20260301T020000Z.parquet");
        try (DuckDb duckDb = new DuckDb()) {
            String files = DuckDb.filesUnder(folder.resolve("backfill"));
            assertThat(duckDb.rows("select * from " + files + " limit 1")
                            .getFirst()
                            .keySet())
                    .containsExactly(
                            "id",
                            "client_id",
                            "session_id",
                            "category",
                            "name",
                            "timestamp",
                            "received_at",
                            "data",
                            "schema_version",
                            "date",
                            "hour");
            for (Map<String, Object> row : duckDb.rows("select cast(date as varchar) as date, cast(hour as integer)"
                    + " as hour, epoch_us(received_at) as received, filename from " + files)) {
                Instant received = Instant.EPOCH.plus((Long) row.get("received"), ChronoUnit.MICROS);
                assertThat(row.get("date")).isEqualTo(DATE.format(received));
                assertThat(row.get("hour"))
                        .isEqualTo(received.atZone(ZoneOffset.UTC).getHour());
                assertThat((String) row.get("filename"))
                        .contains("client_id=" + shop)
                        .endsWith("/backfill-20260301T000000Z-20260301T020000Z.parquet");
            }
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            assertThat(paths.filter(path -> path.getFileName().toString().startsWith(".")))
                    .as("no temporary file is left")
                    .isEmpty();
        }
    }

    @Test
    void writesEveryClientsEventsToS3CompatibleStorage() throws Exception {
        Path bucket = s3.bucket("backfills");

        Result result = cli("export", "--destination", "s3://backfills/the-eye/all", "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        Set<String> expected = stored(null, null, null);
        assertThat(ids(bucket.resolve("the-eye/all")))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(JsonMapper.shared().readTree(result.out()).get("events").longValue())
                .isEqualTo(expected.size());
    }

    @Test
    void runAgainTheSameBackfillReplacesItsFilesAndTakesWhatWasStoredSince() throws Exception {
        String destination = url(folder.resolve("backfill"));
        String[] backfill = {
            "export",
            "--destination",
            destination,
            "--client-id",
            shop.toString(),
            "--from",
            "2026-03-01T00:00:00Z",
            "--to",
            "2026-03-02T00:00:00Z"
        };
        assertThat(cli(backfill).exitCode()).isZero();
        // Late: received in the range, stored (by a worker that was behind) after the first run.
        store(shop, DAY.plus(Duration.ofMinutes(75)), 3);

        Result again = cli(backfill);

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("Exported 53 events").contains("in 2 files");
        assertThat(ids(folder.resolve("backfill")))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(stored(shop, DAY, DAY.plus(Duration.ofDays(1))));
    }

    @Test
    void refusesABackfillOfAnotherRangeThatOverlapsOneAlreadyInTheDestination() throws Exception {
        String destination = url(folder.resolve("backfill"));
        assertThat(cli("export", "--destination", destination, "--to", "2026-03-01T02:00:00Z")
                        .exitCode())
                .isZero();

        Result overlapping = cli("export", "--destination", destination, "--from", "2026-03-01T01:00:00Z");

        assertThat(overlapping.exitCode()).isEqualTo(2);
        assertThat(overlapping.err()).contains("holds a backfill of another range that overlaps this one");
        // Another range that does not overlap it goes beside it.
        Result next = cli("export", "--destination", destination, "--from", "2026-03-01T02:00:00Z");
        assertThat(next.exitCode()).as(next.err()).isZero();
        assertThat(ids(folder.resolve("backfill"))).doesNotHaveDuplicates();
    }

    @Test
    void refusesTheDestinationOfAContinuousExportOfThisDatabaseAndAFolderContainingIt() throws Exception {
        Path continuous = Files.createDirectories(folder.resolve("events"));
        // As the exporter records its destination: its URL without the trailing slash.
        String exported = continuous.toUri().toString().replaceAll("/$", "");
        Instant now = Instant.now();
        assertThat(progress.lease(exported, "exporter-of-the-test", now, now.plusSeconds(60)))
                .isTrue();

        for (String refused : List.of(exported, "file:" + continuous + "/", url(folder))) {
            Result result = cli("export", "--destination", refused, "--client-id", shop.toString());
            assertThat(result.exitCode()).as(refused).isEqualTo(2);
            assertThat(result.err())
                    .contains("the continuous export to " + exported)
                    .contains("a prefix of its own");
        }
        assertThat(parquetFiles(folder)).isEmpty();

        for (Path own : List.of(continuous.resolve("backfill"), folder.resolve("backfill"))) {
            Result result = cli("export", "--destination", url(own), "--client-id", shop.toString());
            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(ids(own)).containsExactlyInAnyOrderElementsOf(stored(shop, null, null));
        }
    }

    /**
     * A continuous exporter of another installation (its own database) marks its destination: this installation's
     * backfill, whose database knows nothing of it, refuses it all the same.
     */
    @Test
    void refusesTheDestinationOfAContinuousExportMarkedByItsExporter() throws Exception {
        Path continuous = folder.resolve("events");
        String exported = url(continuous);
        try (ConfigurableApplicationContext exporter = new SpringApplicationBuilder(TheEyeApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .run(
                        "--the-eye.db.url=" + TestDatabases.newSqliteUrl(),
                        "--the-eye.worker.enabled=false",
                        "--the-eye.exporter.enabled=true",
                        "--the-eye.export.to=" + exported,
                        "--the-eye.export.interval=200ms")) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Files.isRegularFile(continuous.resolve(ContinuousExportMarker.KEY)));
        }
        assertThat(progress.destinations()).doesNotContain(exported);

        for (String refused : List.of(exported, url(folder))) {
            Result result = cli("export", "--destination", refused);
            assertThat(result.exitCode()).as(refused).isEqualTo(2);
            assertThat(result.err()).contains("its exporter left").contains(ContinuousExportMarker.KEY);
        }
        assertThat(parquetFiles(folder)).isEmpty();
        Result own = cli("export", "--destination", url(folder.resolve("backfill")), "--client-id", blog.toString());
        assertThat(own.exitCode()).as(own.err()).isZero();
    }

    @Test
    void refusesAnS3PrefixHoldingAContinuousExportsMarker() throws Exception {
        Path bucket = s3.bucket("lake");
        S3Settings settings = S3Settings.of(s3.endpoint().toString(), S3ProxyServer.REGION, true)
                .withKeys(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY);
        try (Destination destination = Destinations.open(URI.create("s3://lake/events"), settings)) {
            ContinuousExportMarker.ensure(destination);
        }

        for (String refused : List.of("s3://lake/events", "s3://lake/")) {
            Result result = cli("export", "--destination", refused);
            assertThat(result.exitCode()).as(refused).isEqualTo(2);
            assertThat(result.err()).contains(ContinuousExportMarker.KEY);
        }
        Result own = cli("export", "--destination", "s3://lake/backfill", "--client-id", shop.toString());
        assertThat(own.exitCode()).as(own.err()).isZero();
        assertThat(ids(bucket.resolve("backfill"))).containsExactlyInAnyOrderElementsOf(stored(shop, null, null));
    }

    @Test
    void badArgumentsAreRefusedNamingTheProblem() throws Exception {
        String destination = url(folder.resolve("backfill"));
        assertBadUsage(
                cli(
                        "export",
                        "--destination",
                        destination,
                        "--from",
                        "2026-03-02 00:00:00",
                        "--to",
                        "2026-03-01T00:00:00Z"),
                "--from must be before --to");
        assertBadUsage(cli("export", "--destination", destination, "--from", "yesterday"), "'yesterday'");
        assertBadUsage(cli("export", "--destination", destination, "--client-id", "shop"), "--client-id");
        assertBadUsage(cli("export"), "--destination");
        assertBadUsage(
                cli("export", "--destination", "ftp://example.com/events"),
                "file:///path/to/folder or s3://bucket/prefix");
        assertBadUsage(cli("export", "--destination", "file:///with space"), "not a URL");
        assertBadUsage(
                cli("export", "--destination", url(folder.resolve("client_id=" + shop))), "inside a partition folder");
        assertThat(parquetFiles(folder)).isEmpty();
    }

    private static void assertBadUsage(Result result, String message) {
        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).contains(message);
    }

    private void store(UUID client, Instant received, int count) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new Event(
                    UUID.randomUUID(),
                    client,
                    "session",
                    "backfill",
                    "event " + i,
                    "{\"n\": " + i + "}",
                    received.minusSeconds(i),
                    received.plusMillis(i)));
        }
        store.store(List.of(new IngestBatch(events, List.of())));
    }

    /**
     * The ids of the stored events of the client (every client when null) received in the range, as the API's export
     * reads them.
     */
    private Set<String> stored(UUID client, Instant from, Instant to) {
        Set<String> ids = new HashSet<>();
        reads.export(new EventFilter(client, null, null, null, null, null), false, event -> {
            if ((from == null || !event.receivedAt().isBefore(from))
                    && (to == null || event.receivedAt().isBefore(to))) {
                ids.add(event.id().toString());
            }
        });
        return ids;
    }

    private static List<String> ids(Path exported) throws SQLException {
        try (DuckDb duckDb = new DuckDb()) {
            return duckDb.column("select cast(id as varchar) from " + DuckDb.filesUnder(exported)).stream()
                    .map(Object::toString)
                    .toList();
        }
    }

    private static List<Path> parquetFiles(Path under) throws Exception {
        try (Stream<Path> paths = Files.walk(under)) {
            return paths.filter(path -> path.toString().endsWith(".parquet")).toList();
        }
    }

    private static String url(Path path) {
        return path.toUri().toString();
    }

    /** Runs the command line in this JVM on the application's database and S3Proxy. */
    private Result cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Cli.commandLine(
                new ContextLauncher(
                        "--the-eye.db.url=" + environment.getRequiredProperty("the-eye.db.url"),
                        "--the-eye.db.user=" + environment.getProperty("the-eye.db.user", ""),
                        "--the-eye.db.password=" + environment.getProperty("the-eye.db.password", ""),
                        "--the-eye.export.s3.endpoint=" + s3.endpoint(),
                        "--the-eye.export.s3.region=" + S3ProxyServer.REGION,
                        "--the-eye.export.s3.path-style=true"),
                Map.<String, String>of()::get);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return new Result(commandLine.execute(args), out.toString(), err.toString());
    }

    private record Result(int exitCode, String out, String err) {}
}
