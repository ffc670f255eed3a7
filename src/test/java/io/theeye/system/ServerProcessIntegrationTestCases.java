package io.theeye.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.store.ClientStore;
import io.theeye.store.SqlDialect;
import io.theeye.store.TestStores;
import io.theeye.support.ApiClient;
import io.theeye.support.ServerProcess;
import io.theeye.support.Tokens;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The real server in a process of its own, killed and stopped as an operating system does: what a 202 promises
 * must hold through both. Each subclass names the database.
 */
abstract class ServerProcessIntegrationTestCases {

    private static final int BATCH = 10;

    @TempDir
    Path folder;

    Map<String, String> environment;
    HikariDataSource database;
    ClientStore.Client client;
    String token;
    private final List<ServerProcess> servers = new ArrayList<>();

    /** The environment that points a server at a new, empty database. */
    abstract Map<String, String> newDatabase(Path folder);

    /** Keeps the server's writers from committing until the returned handle is closed. */
    abstract AutoCloseable blockWriters(Connection connection) throws SQLException;

    @BeforeEach
    void createDatabaseAndClient() {
        environment = new HashMap<>(newDatabase(folder));
        database = TestStores.migrated(
                environment.get("THE_EYE_DB_URL"),
                environment.getOrDefault("THE_EYE_DB_USER", ""),
                environment.getOrDefault("THE_EYE_DB_PASSWORD", ""));
        client = TestStores.clientStore(database, Clock.systemUTC()).create("process test");
        token = Tokens.valid(client.clientId(), client.secretKey());
    }

    @AfterEach
    void stopEverything() {
        servers.forEach(ServerProcess::close);
        database.close();
    }

    ServerProcess startServer() {
        ServerProcess server = ServerProcess.start(environment, folder.resolve("server.log"));
        servers.add(server);
        return server;
    }

    @Test
    void everyEventAnswered202IsStoredExactlyOnceAfterTheServerIsKilledMidBurst() throws Exception {
        ServerProcess server = startServer();
        ApiClient api = new ApiClient(server.port());
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService senders = Executors.newFixedThreadPool(16);
        for (int i = 0; i < 16; i++) {
            senders.submit(() -> {
                while (!stop.get()) {
                    HttpResponse<String> response;
                    try {
                        response = api.postEvents(token, batch("burst"));
                    } catch (UncheckedIOException e) {
                        return; // the server is gone
                    }
                    if (response.statusCode() == 202) {
                        ApiClient.json(response).get("ids").forEach(id -> acknowledged.add(id.stringValue()));
                    }
                }
            });
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> acknowledged.size() >= 2000);

        server.kill();
        stop.set(true);
        senders.shutdown();
        assertThat(senders.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        List<String> stored = readAllEventIds(startServer());
        assertThat(stored).doesNotHaveDuplicates();
        assertThat(stored).containsAll(Set.copyOf(acknowledged));
    }

    @Test
    void sigtermStoresAndAnswersTheRequestsInFlightBeforeTheDatabaseCloses() throws Exception {
        environment.put("THE_EYE_DB_BUSY_TIMEOUT", "120s");
        ServerProcess server = startServer();
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> inFlight;
        try (Connection connection = database.getConnection();
                AutoCloseable blocked = blockWriters(connection)) {
            inFlight = IntStream.range(0, 8)
                    .mapToObj(i -> http.sendAsync(post(server, batch("sigterm")), HttpResponse.BodyHandlers.ofString()))
                    .toList();
            // Every request has been read, checked and queued: its events wait for the blocked writer.
            await().atMost(Duration.ofSeconds(60)).until(() -> waitingEvents(server) >= 8 * BATCH);

            server.terminate();
            await().atMost(Duration.ofSeconds(60)).until(server::refusesConnections);
        }

        List<String> answered = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> request : inFlight) {
            HttpResponse<String> response = request.get(120, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            ApiClient.json(response).get("ids").forEach(id -> answered.add(id.stringValue()));
        }
        server.waitForExit();
        assertThat(answered).hasSize(8 * BATCH);
        assertThat(storedEventIds()).containsAll(answered);
    }

    private HttpRequest post(ServerProcess server, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/events"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static long waitingEvents(ServerProcess server) {
        HttpResponse<String> metrics = new ApiClient(server.port()).send("GET", "/actuator/prometheus", null, Map.of());
        return metrics.body()
                .lines()
                .filter(line -> line.startsWith("theeye_queue_direct_waiting_events"))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Every id of the client's events, read back through the API page by page. */
    private List<String> readAllEventIds(ServerProcess server) {
        ApiClient api = new ApiClient(server.port());
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            HttpResponse<String> page = api.send(
                    "GET",
                    "/events?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor),
                    null,
                    Map.of("Authorization", "Bearer " + token));
            assertThat(page.statusCode()).isEqualTo(200);
            JsonNode body = ApiClient.json(page);
            body.get("results").forEach(event -> ids.add(event.get("id").stringValue()));
            cursor = body.get("next").isNull() ? null : body.get("next").stringValue();
        } while (cursor != null);
        return ids;
    }

    private List<String> storedEventIds() {
        return JdbcClient.create(database)
                .sql("select id from events")
                .query((rs, n) ->
                        SqlDialect.forUrl(database.getJdbcUrl()).uuid(rs, 1).toString())
                .list();
    }

    private static String batch(String session) {
        return IntStream.range(0, BATCH)
                .mapToObj(i -> "{\"session_id\": \"" + session + "\", \"category\": \"c\", \"name\": \"n" + i
                        + "\", \"data\": {\"i\": " + i + "}}")
                .collect(Collectors.joining(",", "[", "]"));
    }
}
