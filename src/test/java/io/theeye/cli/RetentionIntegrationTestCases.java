package io.theeye.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import io.theeye.event.FieldError;
import io.theeye.event.IngestBatch;
import io.theeye.event.RejectedEvent;
import io.theeye.store.AuditLog;
import io.theeye.store.ClientStore;
import io.theeye.store.EventStore;
import io.theeye.store.MaintenanceLock;
import io.theeye.support.ApiClient;
import io.theeye.support.Tokens;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * Retention through the command line beside a running server: clients' own retention set and cleared (audited), and
 * {@code retention run} removing what has expired by the default, by clients' own and by refused events' own, as
 * reads, stats, exports and refused events over HTTP then show; refused while another process removes events. Each
 * subclass names the database the command line and the server share.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "the-eye.auth.client-refresh-interval=100ms",
            "the-eye.retention.events=30d",
            "the-eye.retention.rejected=2d",
            // Not in the background during these tests: each run is the command line's.
            "the-eye.retention.interval=1h"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RetentionIntegrationTestCases {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Autowired
    Environment environment;

    @Autowired
    ClientStore clients;

    @Autowired
    EventStore events;

    @Autowired
    AuditLog audit;

    @Autowired
    MaintenanceLock lock;

    private ApiClient api;

    /** The command line's options that point it at the server's database. */
    abstract String[] databaseOptions();

    /** The database's options, and the retention the server has. */
    private String[] options() {
        List<String> options = new ArrayList<>(List.of(databaseOptions()));
        options.add("--the-eye.retention.events=30d");
        options.add("--the-eye.retention.rejected=2d");
        return options.toArray(String[]::new);
    }

    @BeforeAll
    void connect() {
        api = new ApiClient(environment.getRequiredProperty("local.server.port", Integer.class));
    }

    @Test
    void setsAndClearsAClientsOwnRetentionAuditedAndRefusesDaysOutOfRange() {
        String clientId = newClient("kept").clientId().toString();

        assertThat(cli(0, "retention", "set", "--client-id", clientId, "--days", "7"))
                .isEqualTo("Client " + clientId + ": events kept 7 days.\n");
        assertThat(clients.retentionDays()).containsEntry(UUID.fromString(clientId), 7);
        assertThat(ApiClient.json(cli(0, "retention", "set", "--client-id", clientId, "--days", "36500", "--json"))
                        .toString())
                .isEqualTo("{\"client_id\":\"" + clientId + "\",\"retention_days\":36500}");
        assertThat(listedRetention(clientId).intValue()).isEqualTo(36500);
        assertThat(cli(0, "retention", "clear", "--client-id", clientId))
                .isEqualTo("Client " + clientId + ": the default retention applies.\n");
        assertThat(clients.retentionDays()).doesNotContainKey(UUID.fromString(clientId));
        assertThat(listedRetention(clientId).isNull()).isTrue();

        assertThat(audit.page(null, 20))
                .filteredOn(entry -> clientId.equals(String.valueOf(entry.clientId())))
                .extracting(AuditLog.Entry::action, AuditLog.Entry::details)
                .containsExactly(
                        tuple("retention_cleared", "the default applies"),
                        tuple("retention_set", "events kept 36500 days"),
                        tuple("retention_set", "events kept 7 days"));
        assertThat(audit.page(null, 1).getFirst().actor()).startsWith("cli:");
    }

    /** The client's {@code retention_days} as {@code clients list --json} gives it. */
    private JsonNode listedRetention(String clientId) {
        for (JsonNode client : ApiClient.json(cli(0, "clients", "list", "--json"))) {
            if (client.get("client_id").asString().equals(clientId)) {
                return client.get("retention_days");
            }
        }
        throw new AssertionError("clients list --json does not list " + clientId);
    }

    @Test
    void refusesDaysOutOfRangeAndUnknownClientsWithoutAChange() {
        String clientId = newClient("unchanged").clientId().toString();

        assertThat(cliError(2, "retention", "set", "--client-id", clientId, "--days", "0"))
                .contains("--days: a whole number of days from 1 to 36500");
        assertThat(cliError(2, "retention", "set", "--client-id", clientId, "--days", "36501"))
                .contains("--days: a whole number of days from 1 to 36500");
        assertThat(cliError(2, "retention", "set", "--client-id", clientId, "--days", "many"))
                .contains("--days");
        assertThat(cliError(2, "retention", "set", "--client-id", "not-a-uuid", "--days", "3"))
                .contains("--client-id");
        UUID unknown = UUID.randomUUID();
        assertThat(cliError(1, "retention", "set", "--client-id", unknown.toString(), "--days", "3"))
                .isEqualTo("No client " + unknown + ".\n");
        assertThat(cliError(1, "retention", "clear", "--client-id", unknown.toString()))
                .isEqualTo("No client " + unknown + ".\n");
        assertThat(clients.retentionDays()).doesNotContainKey(UUID.fromString(clientId));
    }

    @Test
    void runRemovesWhatHasExpiredAndReadsStatsExportsAndRefusalsShowIt() {
        ClientStore.Client byDefault = newClient("default 30 days");
        ClientStore.Client shorter = newClient("own 7 days");
        ClientStore.Client longer = newClient("own 400 days");
        cli(0, "retention", "set", "--client-id", shorter.clientId().toString(), "--days", "7");
        cli(0, "retention", "set", "--client-id", longer.clientId().toString(), "--days", "400");
        String session = "retention-" + UUID.randomUUID();
        List<Duration> ages =
                List.of(Duration.ofDays(500), Duration.ofDays(100), Duration.ofDays(20), Duration.ofDays(1));
        for (ClientStore.Client client : List.of(byDefault, shorter, longer)) {
            send(client, session, ages);
        }
        UUID oldRefusal = refuse(byDefault.clientId(), NOW.minus(Duration.ofDays(3)));
        UUID recentRefusal = refuse(byDefault.clientId(), NOW.minus(Duration.ofHours(1)));
        UUID unknownSendersRefusal = refuse(null, NOW.minus(Duration.ofDays(2)).minusSeconds(120));

        JsonNode removed = ApiClient.json(cli(0, "retention", "run", "--json"));

        // The default: 500 and 100 days; 7 days: all but 1 day; 400 days: 500 only.
        assertThat(removed.get("events").asLong()).isEqualTo(2 + 3 + 1);
        assertThat(removed.get("rejected_events").asLong()).isEqualTo(2);
        assertThat(ageOfEvents(byDefault, session)).containsExactly(20L, 1L);
        assertThat(ageOfEvents(shorter, session)).containsExactly(1L);
        assertThat(ageOfEvents(longer, session)).containsExactly(100L, 20L, 1L);
        assertThat(exported(byDefault, session)).hasSize(2);
        assertThat(exported(longer, session)).hasSize(3);
        assertThat(statsPerDay(longer, session)).isEqualTo(3);
        assertThat(statsPerDay(shorter, session)).isEqualTo(1);
        List<String> refusals = refusalMarkers(byDefault);
        assertThat(refusals).contains(recentRefusal.toString()).doesNotContain(oldRefusal.toString());
        assertThat(refusalMarkers(null))
                .contains(recentRefusal.toString())
                .doesNotContain(unknownSendersRefusal.toString());

        assertThat(cli(0, "retention", "run")).isEqualTo("Removed 0 events and 0 refused events.\n");
    }

    @Test
    void runSaysSoAndRemovesNothingWhileAnotherProcessRemovesEvents() {
        ClientStore.Client client = newClient("waits");
        String session = "busy-" + UUID.randomUUID();
        send(client, session, List.of(Duration.ofDays(20)));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<String> error = new AtomicReference<>();
        Thread other = Thread.ofPlatform()
                .start(() -> lock.whileHolding("deletion by dora", () -> {
                    holding.countDown();
                    try {
                        done.await();
                    } catch (InterruptedException e) {
                        error.set(e.toString());
                    }
                    return null;
                }));
        try {
            awaitLatch(holding);
            assertThat(cliError(RetentionCommand.BUSY, "retention", "run"))
                    .startsWith("Another process is removing events (deletion by dora, since ")
                    .endsWith(": nothing was removed. Try again later.\n");
        } finally {
            done.countDown();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !other.isAlive());
        assertThat(error.get()).isNull();
        assertThat(ageOfEvents(client, session)).containsExactly(20L);
    }

    private ClientStore.Client newClient(String name) {
        return clients.create(name);
    }

    /** Sends one event per age (its timestamp that long ago) for the client, and waits for each 202. */
    private void send(ClientStore.Client client, String session, List<Duration> ages) {
        String token = Tokens.valid(client.clientId(), client.secretKey());
        List<String> sent = new ArrayList<>();
        for (Duration age : ages) {
            sent.add("{\"session_id\": \"" + session + "\", \"category\": \"page\", \"name\": \"view\","
                    + " \"timestamp\": \"" + NOW.minus(age) + "\"}");
        }
        String body = "[" + String.join(",", sent) + "]";
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.postEvents(token, body).statusCode() == 202);
    }

    /** Stores a refusal received then, as the worker would have; returns its raw text's marker. */
    private UUID refuse(UUID clientId, Instant receivedAt) {
        UUID marker = UUID.randomUUID();
        events.store(List.of(new IngestBatch(
                List.of(),
                List.of(new RejectedEvent(
                        clientId,
                        receivedAt,
                        "{\"marker\": \"" + marker + "\"}",
                        List.of(new FieldError("name", "required")))))));
        return marker;
    }

    /** The ages in days of the client's events in the session, oldest first, as GET /events lists them. */
    private List<Long> ageOfEvents(ClientStore.Client client, String session) {
        JsonNode page = get(client, "/events?limit=100&session_id=" + session);
        List<Long> ages = new ArrayList<>();
        page.get("results")
                .forEach(event -> ages.add(
                        Duration.between(Instant.parse(event.get("timestamp").stringValue()), NOW)
                                .toDays()));
        return ages;
    }

    private List<String> exported(ClientStore.Client client, String session) {
        String body =
                http(client, "/events/export?session_id=" + session).body().strip();
        return body.isEmpty() ? List.of() : List.of(body.split("\n"));
    }

    /** How many events GET /stats counts for the session over the last 1000 days. */
    private long statsPerDay(ClientStore.Client client, String session) {
        Instant from = NOW.minus(Duration.ofDays(999)).truncatedTo(ChronoUnit.DAYS);
        Instant to = NOW.plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.DAYS);
        JsonNode stats = get(
                client, "/stats?interval=day&session_id=" + session + "&from=" + encode(from) + "&to=" + encode(to));
        long count = 0;
        for (JsonNode bucket : stats.get("results")) {
            count += bucket.get("count").asLong();
        }
        return count;
    }

    /** The markers of the refusals the client may read (null: every client's, those of no client included). */
    private List<String> refusalMarkers(ClientStore.Client client) {
        List<String> markers = new ArrayList<>();
        ClientStore.Client reader = client != null ? client : clients.create("reads all", true);
        get(reader, "/rejected-events?order=desc&limit=1000").get("results").forEach(refusal -> {
            JsonNode raw = ApiClient.json(refusal.get("raw").stringValue());
            if (raw.has("marker")) {
                markers.add(raw.get("marker").stringValue());
            }
        });
        return markers;
    }

    private JsonNode get(ClientStore.Client client, String path) {
        HttpResponse<String> response = http(client, path);
        assertThat(response.statusCode())
                .as("GET %s: %s", path, response.body())
                .isEqualTo(200);
        return ApiClient.json(response);
    }

    private HttpResponse<String> http(ClientStore.Client client, String path) {
        String token = Tokens.valid(client.clientId(), client.secretKey());
        return api.send("GET", path, null, Map.of("Authorization", "Bearer " + token));
    }

    private static String encode(Instant instant) {
        return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
    }

    private static void awaitLatch(CountDownLatch latch) {
        await().atMost(Duration.ofSeconds(10)).until(() -> latch.getCount() == 0);
    }

    /** Runs the command line against the server's database, in this JVM; returns what it printed. */
    private String cli(int exitCode, String... args) {
        return run(exitCode, args)[0];
    }

    /** Runs the command line; returns what it printed on standard error. */
    private String cliError(int exitCode, String... args) {
        return run(exitCode, args)[1];
    }

    private String[] run(int exitCode, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Cli.commandLine(new ContextLauncher(options()), Map.<String, String>of()::get);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        assertThat(commandLine.execute(args))
                .as("exit code of the-eye %s: %s", String.join(" ", args), err)
                .isEqualTo(exitCode);
        return new String[] {out.toString(), err.toString()};
    }
}
