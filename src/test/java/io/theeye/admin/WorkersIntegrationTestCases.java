package io.theeye.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.TheEyeApplication;
import io.theeye.auth.PasswordHashing;
import io.theeye.queue.TestCodecs;
import io.theeye.store.ClientStore;
import io.theeye.store.ProcessStore;
import io.theeye.store.ProcessStore.StoredProcess;
import io.theeye.store.UserStore;
import io.theeye.support.ApiClient;
import io.theeye.support.CliProcess;
import io.theeye.support.TestBrokers;
import io.theeye.support.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The process registry over HTTP: an API process ({@code serve --no-worker}, on Redis) and a worker application
 * beside it register themselves; the dashboard, {@code workers list} (a process of its own) and the metrics show
 * them, their counts, a lost one and the broker's backlog. Each subclass names the database they share.
 */
@SpringBootTest(
        classes = TheEyeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "the-eye.queue.type=redis",
            "the-eye.queue.signing-key=" + TestCodecs.KEY,
            "the-eye.worker.enabled=false",
            "the-eye.worker.heartbeat.interval=200ms",
            "the-eye.worker.heartbeat.timeout=3s"
        })
abstract class WorkersIntegrationTestCases {

    private static final String PASSWORD = "correct horse battery";
    private static final List<String> JSON_FIELDS = List.of(
            "id",
            "role",
            "host",
            "pid",
            "version",
            "started_at",
            "last_seen",
            "state",
            "batches_stored",
            "events_stored",
            "failures",
            "restarts",
            "events_per_second",
            "problem");

    /** A stream of each application context's own. */
    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        String stream = "the-eye-test:" + UUID.randomUUID();
        registry.add("the-eye.queue.redis.url", TestBrokers::redis);
        registry.add("the-eye.queue.redis.stream", () -> stream);
    }

    @Autowired
    Environment environment;

    @Autowired
    ProcessStore processes;

    @Autowired
    ClientStore clients;

    @Autowired
    UserStore users;

    private AdminSession admin;
    private ApiClient api;
    private String token;
    private ConfigurableApplicationContext worker;

    /** Settings (as environment variables) that point a process at the database the API process uses. */
    abstract Map<String, String> databaseEnvironment();

    @BeforeEach
    void signIn() {
        int port = environment.getRequiredProperty("local.server.port", Integer.class);
        if (!users.exists("admin")) {
            users.createSuperuser("admin", PasswordHashing.encoder().encode(PASSWORD));
        }
        admin = new AdminSession(port);
        assertThat(admin.signIn("admin", PASSWORD).statusCode()).isEqualTo(302);
        api = new ApiClient(port);
        ClientStore.Client client = clients.create("workers test");
        token = Tokens.valid(client.clientId(), client.secretKey());
    }

    @AfterEach
    void stopWorker() {
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void theApiProcessAndAWorkerRegisterAndTheDashboardTheCommandLineAndTheMetricsShowThem() {
        String apiId = await().atMost(Duration.ofSeconds(30))
                .until(() -> member("api", "live"), m -> m != null)
                .get("id")
                .stringValue();
        startWorker();
        sendBatches("registry", 3);

        JsonNode worker = await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> member("worker", "live"),
                        m -> m != null && m.get("eventsStored").longValue() >= 30);
        assertThat(worker.get("batchesStored").longValue()).isGreaterThanOrEqualTo(3);
        assertThat(worker.get("failures").longValue()).isZero();
        assertThat(worker.get("pid").longValue())
                .isEqualTo(ProcessHandle.current().pid());
        JsonNode dashboard = dashboard();
        assertThat(dashboard.get("processes").get("live").longValue()).isEqualTo(2);
        assertThat(dashboard.get("processes").get("lost").longValue()).isZero();

        String page = admin.get("/admin").body();
        assertThat(page)
                .contains("data-id=\"" + worker.get("id").stringValue() + "\"")
                .contains("data-id=\"" + apiId + "\"")
                .contains("2 live, 0 lost");
        assertThat(metrics())
                .contains("theeye_workers_live{role=\"worker\"} 1.0", "theeye_workers_live{role=\"api\"} 1.0");

        JsonNode listed =
                JsonMapper.shared().readTree(CliProcess.run(databaseEnvironment(), "workers", "list", "--json"));
        assertThat(listed.isArray()).isTrue();
        listed.forEach(process -> assertThat(process.propertyNames()).containsExactlyElementsOf(JSON_FIELDS));
        JsonNode listedWorker = byId(listed, worker.get("id").stringValue());
        assertThat(listedWorker.get("role").stringValue()).isEqualTo("worker");
        assertThat(listedWorker.get("state").stringValue()).isEqualTo("live");
        assertThat(listedWorker.get("pid").longValue())
                .isEqualTo(ProcessHandle.current().pid());
        assertThat(listedWorker.get("events_stored").longValue()).isGreaterThanOrEqualTo(30);
        assertThat(Instant.parse(listedWorker.get("last_seen").stringValue()))
                .isAfterOrEqualTo(Instant.parse(listedWorker.get("started_at").stringValue()));
        assertThat(byId(listed, apiId).get("role").stringValue()).isEqualTo("api");

        // A worker that stops cleanly was not lost: it leaves the list.
        this.worker.close();
        this.worker = null;
        String workerId = worker.get("id").stringValue();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> StreamSupport.stream(
                                dashboard().get("processes").get("members").spliterator(), false)
                        .noneMatch(m -> m.get("id").stringValue().equals(workerId)));
        assertThat(processes.findAll()).noneMatch(p -> p.id().equals(workerId));
    }

    @Test
    void aProcessSilentLongerThanTheTimeoutIsShownLostAndOneSilentForADayIsForgotten() {
        Instant now = Instant.now();
        StoredProcess lost = stale("lost-worker", now.minus(Duration.ofMinutes(1)));
        StoredProcess forgotten = stale("forgotten-worker", now.minus(Duration.ofDays(2)));
        processes.beat(lost);
        processes.beat(forgotten);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> processes.findAll().stream().noneMatch(p -> p.id().equals(forgotten.id())));
        JsonNode shown = byId(dashboard().get("processes").get("members"), lost.id());
        assertThat(shown.get("state").stringValue()).isEqualTo("lost");
        assertThat(shown.get("secondsSinceSeen").longValue()).isGreaterThanOrEqualTo(60);
        assertThat(dashboard().get("processes").get("lost").longValue()).isEqualTo(1);
        assertThat(admin.get("/admin").body()).contains("data-id=\"" + lost.id() + "\"");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(metrics()).contains("theeye_workers_lost{role=\"worker\"} 1.0"));
        JsonNode listed =
                JsonMapper.shared().readTree(CliProcess.run(databaseEnvironment(), "workers", "list", "--json"));
        assertThat(byId(listed, lost.id()).get("state").stringValue()).isEqualTo("lost");
        assertThat(listed).noneMatch(p -> p.get("id").stringValue().equals(forgotten.id()));
        processes.remove(lost.id());
    }

    @Test
    void theQueueDepthCountsTheBatchesNoWorkerHasStoredAndFallsOnceOneHas() {
        sendBatches("backlog", 4);

        JsonNode system =
                await().atMost(Duration.ofSeconds(30)).until(() -> dashboard().get("system"), s -> waiting(s) == 4);
        assertThat(system.get("oldestWaitingSeconds").isNumber()).isTrue();
        assertThat(system.get("oldestWaitingSeconds").doubleValue()).isGreaterThanOrEqualTo(0);
        assertThat(system.get("waitingDetail").stringValue()).matches("stream entries: 0 pending, stream length \\d+");
        assertThat(metrics()).contains("theeye_queue_depth{broker=\"redis\"} 4.0");

        startWorker();

        await().atMost(Duration.ofSeconds(60)).until(() -> waiting(dashboard().get("system")) == 0);
        assertThat(dashboard().get("system").get("oldestWaitingSeconds").doubleValue())
                .isZero();
        assertThat(metrics()).contains("theeye_queue_depth{broker=\"redis\"} 0.0");
    }

    /** A worker application beside the API process, as {@code the-eye worker} runs it, on the same stream. */
    private void startWorker() {
        List<String> args = new ArrayList<>(List.of(
                "--the-eye.queue.type=redis",
                "--the-eye.queue.redis.url=" + TestBrokers.redis(),
                "--the-eye.queue.redis.stream=" + environment.getRequiredProperty("the-eye.queue.redis.stream"),
                "--the-eye.queue.signing-key=" + TestCodecs.KEY,
                "--the-eye.worker.heartbeat.interval=200ms",
                "--the-eye.worker.heartbeat.timeout=3s"));
        databaseEnvironment().forEach((name, value) -> args.add("--" + DATABASE_PROPERTIES.get(name) + "=" + value));
        worker = new SpringApplicationBuilder(TheEyeApplication.class)
                .web(WebApplicationType.NONE)
                .run(args.toArray(String[]::new));
    }

    /** The properties the database's environment variables stand for, as application.properties maps them. */
    private static final Map<String, String> DATABASE_PROPERTIES = Map.of(
            "THE_EYE_DB_URL", "the-eye.db.url",
            "THE_EYE_DB_USER", "the-eye.db.user",
            "THE_EYE_DB_PASSWORD", "the-eye.db.password");

    private void sendBatches(String session, int batches) {
        for (int i = 0; i < batches; i++) {
            StringBuilder body = new StringBuilder("[");
            for (int e = 0; e < 10; e++) {
                body.append(e == 0 ? "" : ",")
                        .append("{\"session_id\": \"%s\", \"category\": \"c\", \"name\": \"n%d\"}"
                                .formatted(session, e));
            }
            assertThat(api.postEvents(token, body.append("]").toString()).statusCode())
                    .isEqualTo(202);
        }
    }

    /** The queue depth the dashboard shows; -1 while it shows none. */
    private static long waiting(JsonNode system) {
        return system.get("waiting").isNumber() ? system.get("waiting").longValue() : -1;
    }

    private StoredProcess stale(String host, Instant lastSeen) {
        return new StoredProcess(
                UUID.randomUUID().toString(),
                "worker",
                host,
                4242,
                "0.0.1",
                lastSeen.minus(Duration.ofHours(1)),
                lastSeen,
                7,
                70,
                1,
                0,
                0);
    }

    private JsonNode dashboard() {
        return JsonMapper.shared().readTree(admin.get("/admin/dashboard.json").body());
    }

    /** The dashboard's one process of the role in the state, or null when it lists none. */
    private JsonNode member(String role, String state) {
        List<JsonNode> found = StreamSupport.stream(
                        dashboard().get("processes").get("members").spliterator(), false)
                .filter(m -> m.get("role").stringValue().equals(role))
                .filter(m -> m.get("state").stringValue().equals(state))
                .toList();
        assertThat(found).hasSizeLessThanOrEqualTo(1);
        return found.isEmpty() ? null : found.getFirst();
    }

    private static JsonNode byId(JsonNode list, String id) {
        return StreamSupport.stream(list.spliterator(), false)
                .filter(p -> p.get("id").stringValue().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no process " + id + " in " + list));
    }

    private String metrics() {
        return api.send("GET", "/actuator/prometheus", null, Map.of()).body();
    }
}
