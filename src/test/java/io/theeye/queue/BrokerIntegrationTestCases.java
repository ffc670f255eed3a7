package io.theeye.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.theeye.TheEyeApplication;
import io.theeye.event.Event;
import io.theeye.event.IngestBatch;
import io.theeye.store.ClientStore;
import io.theeye.support.ApiClient;
import io.theeye.support.TcpProxy;
import io.theeye.support.TestDatabases;
import io.theeye.support.Tokens;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
 * real broker and a real PostgreSQL: the workers reach the database through a relay the test can cut. Both sign and
 * verify with {@link TestCodecs#KEYS}.
 */
public abstract class BrokerIntegrationTestCases {

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    protected TcpProxy databaseRelay;
    protected String databaseUrl;
    protected ApiClient api;
    protected String token;
    protected ConfigurableApplicationContext apiContext;
    private ConfigurableApplicationContext workerContext;
    private UUID clientId;

    /** Settings that point an application at this test's broker: its own stream or topic. */
    protected abstract List<String> brokerSettings();

    /** Puts a payload on this test's stream or topic, as anyone who can write to the broker could. */
    protected abstract void publishRaw(byte[] payload);

    @BeforeEach
    void startApiAndWorker() {
        databaseUrl = TestDatabases.newPostgresSchemaUrl();
        URI postgres = URI.create(TestDatabases.POSTGRES_URL.substring("jdbc:".length()));
        databaseRelay = new TcpProxy(postgres.getHost(), postgres.getPort());
        apiContext = startApi(brokerSettings());
        startWorker();
        api = new ApiClient(apiContext.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
        ClientStore.Client client = apiContext.getBean(ClientStore.class).create("broker test");
        clientId = client.clientId();
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

    /** Starts the worker application, through the relay, with these settings added; stops the one before. */
    void startWorker(String... extra) {
        if (workerContext != null) {
            workerContext.close();
            contexts.remove(workerContext);
        }
        URI postgres = URI.create(TestDatabases.POSTGRES_URL.substring("jdbc:".length()));
        List<String> args = new ArrayList<>(
                common(databaseUrl.replace(":" + postgres.getPort() + "/", ":" + databaseRelay.port() + "/")));
        args.addAll(brokerSettings());
        args.addAll(List.of("--the-eye.worker.enabled=true", "--the-eye.worker.max-backoff=500ms"));
        args.addAll(List.of(extra));
        workerContext = new SpringApplicationBuilder(TheEyeApplication.class)
                .web(WebApplicationType.NONE)
                .run(args.toArray(String[]::new));
        contexts.add(workerContext);
    }

    private static List<String> common(String url) {
        return List.of(
                "--the-eye.queue.signing-key=" + TestCodecs.KEYS,
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

    @Test
    void anEventCorrectedForItsSendersClockReachesTheDatabaseWithItsTimestampAsSent() {
        String session = UUID.randomUUID().toString();
        HttpResponse<String> response = api.postEvents(token, """
                {"session_id": "%s", "category": "c", "name": "n", "timestamp": "2024-03-01T10:00:00.000001Z",\
                 "sent_at": "2024-03-01T10:00:00.000001Z"}""".formatted(session));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(60)).until(() -> stored(session).size() == 1);
        List<Instant[]> rows = database()
                .sql("select \"timestamp\", received_at, original_timestamp from events where session_id = ?")
                .param(session)
                .query((rs, n) -> new Instant[] {
                    rs.getObject(1, OffsetDateTime.class).toInstant(),
                    rs.getObject(2, OffsetDateTime.class).toInstant(),
                    rs.getObject(3, OffsetDateTime.class).toInstant()
                })
                .list();
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row[0]).isEqualTo(row[1]);
            assertThat(row[2]).isEqualTo(Instant.parse("2024-03-01T10:00:00.000001Z"));
        });
    }

    /** One test for the three ways, each application start costing seconds. */
    @Test
    void batchesWrittenToTheBrokerWithoutTheKeyAreKeptAsRejectedWithTheirReasonAndNeverStored() {
        Event noSignature = event("forged");
        Event otherKey = event("forged");
        Event sent = event("forged");
        Event changed = event("forged");
        String signed = new String(TestCodecs.signed().encode(batchOf(sent)), StandardCharsets.UTF_8);

        publishRaw(unsigned(noSignature));
        publishRaw(TestCodecs.signedWith(TestCodecs.OTHER_KEY).encode(batchOf(otherKey)));
        publishRaw(signed.replace(sent.id().toString(), changed.id().toString()).getBytes(StandardCharsets.UTF_8));

        assertRejected(noSignature, "refused: an unsigned batch (wire format version 1)");
        assertRejected(otherKey, "signature matches no key of THE_EYE_QUEUE_SIGNING_KEY");
        assertRejected(changed, "signature matches no key of THE_EYE_QUEUE_SIGNING_KEY");
        assertThat(stored("forged")).isEmpty();
        assertThat(refused("unsigned")).isEqualTo(1);
        assertThat(refused("wrong_signature")).isEqualTo(2);
    }

    @Test
    void aBatchSignedWithTheSecondKeyOfTheListIsStored() {
        Event event = event("second key");

        publishRaw(TestCodecs.signedWith(TestCodecs.SECOND_KEY).encode(batchOf(event)));

        await().atMost(Duration.ofSeconds(60)).until(() -> stored("second key").size() == 1);
        assertThat(stored("second key")).containsExactly(event.id().toString());
        assertThat(refused("wrong_signature")).isZero();
    }

    @Test
    void anUnsignedBatchIsStoredOnlyWhileTheUpgradeSettingAllowsIt() {
        Event before = event("upgrade");
        publishRaw(unsigned(before));
        assertRejected(before, "refused: an unsigned batch");

        startWorker("--the-eye.queue.accept-unsigned=true");
        Event during = event("upgrade");
        publishRaw(unsigned(during));

        await().atMost(Duration.ofSeconds(60)).until(() -> stored("upgrade").size() == 1);
        assertThat(stored("upgrade")).containsExactly(during.id().toString());
        assertThat(refused("unsigned")).isZero();
    }

    /** An event of this test's client, as only an API process that authenticated the client should write it. */
    private Event event(String session) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new Event(UUID.randomUUID(), clientId, session, "c", "forged", "{}", now, now);
    }

    private static IngestBatch batchOf(Event event) {
        return new IngestBatch(List.of(event), List.of());
    }

    /** The event in the unsigned wire format of version 1, as API processes wrote it before batches were signed. */
    private static byte[] unsigned(Event event) {
        long micros = event.timestamp().getEpochSecond() * 1_000_000L
                + event.timestamp().getNano() / 1000;
        return """
                {"v":1,"events":[{"id":"%s","client_id":"%s","session_id":"%s","category":"c","name":"forged",\
                "data":"{}","timestamp":%d,"received_at":%d}],"rejected":[]}""".formatted(event.id(), event.clientId(), event.sessionId(), micros, micros)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The payload holding {@code forged} ends in rejected_events, with no client and the reason; its event not stored. */
    private void assertRejected(Event forged, String reason) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !rejectedErrors(forged).isEmpty());
        assertThat(rejectedErrors(forged)).singleElement().asString().contains(reason);
        assertThat(database()
                        .sql("select client_id from rejected_events where raw like ?")
                        .param("%" + forged.id() + "%")
                        .query((rs, n) -> rs.getString(1))
                        .list())
                .containsOnlyNulls();
        // The refusal is committed once the worker has moved past the batch: nothing of it was stored, nor will be.
        assertThat(stored(forged.sessionId())).isEmpty();
        assertThat(database()
                        .sql("select count(*) from events where id = ?")
                        .param(forged.id())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    private List<String> rejectedErrors(Event forged) {
        return database()
                .sql("select errors::text from rejected_events where raw like ?")
                .param("%" + forged.id() + "%")
                .query((rs, n) -> rs.getString(1))
                .list();
    }

    /** Batches the worker refused for this reason, as its metric counts them. */
    private double refused(String reason) {
        return workerContext
                .getBean(MeterRegistry.class)
                .get("theeye.queue.batches.refused")
                .tag("reason", reason)
                .counter()
                .count();
    }

    private JdbcClient database() {
        return JdbcClient.create(
                new DriverManagerDataSource(databaseUrl, TestDatabases.POSTGRES_USER, TestDatabases.POSTGRES_PASSWORD));
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
        return database()
                .sql("select id from events where session_id = ?")
                .param(session)
                .query((rs, n) -> rs.getString(1))
                .list();
    }
}
