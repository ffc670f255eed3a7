package io.theeye.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.auth.PasswordHashing;
import io.theeye.queue.TestCodecs;
import io.theeye.store.ClientStore;
import io.theeye.store.TestStores;
import io.theeye.support.ApiClient;
import io.theeye.support.Browser;
import io.theeye.support.CliProcess;
import io.theeye.support.ServerProcess;
import io.theeye.support.TestDatabases;
import io.theeye.support.Tokens;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deployment meant for production, run as an operator runs it: {@code serve --no-worker} and {@code worker} as
 * processes of their own on a broker and PostgreSQL, the dashboard in a real Chromium. The dashboard lists the
 * worker, shows it lost once it is killed (SIGKILL: it cannot say goodbye), the queue's depth rising while no worker
 * runs and falling once one is back; {@code workers list --json} says the same. Each subclass names the broker.
 */
abstract class WorkersBrowserIntegrationTestCases {

    private static final String PASSWORD = "correct horse battery";
    /** Short, so that a killed worker is lost within seconds; the page itself refreshes every 10 s. */
    private static final String HEARTBEAT_TIMEOUT = "3s";

    /** Columns of the processes table. */
    private static final int ROLE = 0;

    private static final int PID = 2;
    private static final int STATE = 6;
    private static final int BATCHES = 7;
    private static final int EVENTS = 8;

    @TempDir
    Path folder;

    private final Map<String, String> environment = new HashMap<>();
    private final List<ServerProcess> processes = new ArrayList<>();
    private HikariDataSource database;
    private Browser browser;
    private ApiClient api;
    private String token;

    /** The environment that points a process at this test's broker: its own stream or topic. */
    abstract Map<String, String> brokerEnvironment();

    /** What the dashboard says the depth counts, on this broker. */
    abstract String waitingDetailPattern();

    @BeforeEach
    void startDatabase() {
        environment.put("THE_EYE_DB_URL", TestDatabases.newPostgresSchemaUrl());
        environment.put("THE_EYE_DB_USER", TestDatabases.POSTGRES_USER);
        environment.put("THE_EYE_DB_PASSWORD", TestDatabases.POSTGRES_PASSWORD);
        environment.put("THE_EYE_QUEUE_SIGNING_KEY", TestCodecs.KEY);
        environment.put("THE_EYE_WORKER_HEARTBEAT_INTERVAL", "500ms");
        environment.put("THE_EYE_WORKER_HEARTBEAT_TIMEOUT", HEARTBEAT_TIMEOUT);
        environment.putAll(brokerEnvironment());
        database = TestStores.migrated(
                environment.get("THE_EYE_DB_URL"),
                environment.get("THE_EYE_DB_USER"),
                environment.get("THE_EYE_DB_PASSWORD"));
        TestStores.userStore(database, Clock.systemUTC())
                .createSuperuser("admin", PasswordHashing.encoder().encode(PASSWORD));
        ClientStore.Client client =
                TestStores.clientStore(database, Clock.systemUTC()).create("shop");
        token = Tokens.valid(client.clientId(), client.secretKey());
    }

    @AfterEach
    void stopEverything() {
        if (browser != null) {
            browser.close();
        }
        processes.forEach(ServerProcess::close);
        database.close();
    }

    @Test
    void theDashboardListsTheWorkerShowsItLostAfterSigkillAndTheBacklogGrowsUntilAWorkerIsBack() {
        ServerProcess server = start("serve", "--no-worker");
        ServerProcess worker = start("worker");
        api = new ApiClient(server.port());
        browser = Browser.start();
        signIn(server);

        row(worker.pid(), "live", Duration.ofSeconds(120));
        row(server.pid(), "live", Duration.ofSeconds(30));
        send(3);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> row(worker.pid())
                        .map(r -> Long.parseLong(r.get(BATCHES)) >= 3)
                        .orElse(false));
        awaitText("queue-waiting", "0", Duration.ofSeconds(60));

        worker.kill();

        List<String> lost = row(worker.pid(), "lost", Duration.ofSeconds(60));
        assertThat(lost.get(ROLE)).isEqualTo("worker");
        awaitText("workers", "1 live, 1 lost", Duration.ofSeconds(30));
        send(5);
        await().atMost(Duration.ofSeconds(60)).until(() -> depth() >= 5);
        // Dated by the oldest batch waiting, so it grows while nobody stores it.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> text("queue-oldest")
                        .matches("oldest waiting ([2-9]|\\d\\d+) s|oldest waiting \\d+ min \\d+ s"));
        assertThat(text("queue-detail")).matches(waitingDetailPattern());
        if ("redis".equals(environment.get("THE_EYE_QUEUE"))) {
            browser.screenshot("dashboard-processes");
        }

        ServerProcess restarted = start("worker");

        row(restarted.pid(), "live", Duration.ofSeconds(120));
        awaitText("queue-waiting", "0", Duration.ofSeconds(120));
        assertThat(row(worker.pid()))
                .hasValueSatisfying(r -> assertThat(r.get(STATE)).isEqualTo("lost"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> row(restarted.pid())
                        .map(r -> Long.parseLong(r.get(EVENTS)) >= 50)
                        .orElse(false));

        JsonNode listed = JsonMapper.shared().readTree(CliProcess.run(environment, "workers", "list", "--json"));
        assertThat(state(listed, worker.pid())).isEqualTo("lost");
        assertThat(state(listed, restarted.pid())).isEqualTo("live");
        assertThat(state(listed, server.pid())).isEqualTo("live");
        assertThat(listed).hasSize(3);
    }

    private ServerProcess start(String... args) {
        ServerProcess process = ServerProcess.start(environment, folder.resolve("processes.log"), args);
        processes.add(process);
        return process;
    }

    private void signIn(ServerProcess server) {
        browser.driver.get("http://127.0.0.1:" + server.port() + "/admin/login");
        browser.driver.findElement(By.name("username")).sendKeys("admin");
        browser.driver.findElement(By.name("password")).sendKeys(PASSWORD);
        browser.driver.findElement(By.cssSelector("form button[type=submit]")).click();
        browser.waiting().until(ExpectedConditions.textToBe(By.tagName("h1"), "Dashboard"));
    }

    /** Sends batches of ten events of one session each (one stream entry, one Kafka record each). */
    private void send(int batches) {
        for (int i = 0; i < batches; i++) {
            String session = UUID.randomUUID().toString();
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

    /** Waits until the dashboard lists the process in the state; returns its row's cells. */
    private List<String> row(long pid, String state, Duration atMost) {
        return await().atMost(atMost)
                .until(() -> row(pid), r -> r.isPresent() && r.get().get(STATE).equals(state))
                .orElseThrow();
    }

    /**
     * The processes table's row of the process, as the page shows it now: role, host, pid, version, started, last
     * seen, state, batches, events, failures, restarts, id. Read in one script, as the page rebuilds the table.
     */
    @SuppressWarnings("unchecked")
    private Optional<List<String>> row(long pid) {
        List<List<String>> rows = (List<List<String>>)
                browser.driver.executeScript("return [...document.querySelectorAll('#processes tbody tr')]"
                        + ".map(r => [...r.cells].map(c => c.textContent.trim()));");
        return rows.stream()
                .filter(r -> r.size() > PID && r.get(PID).equals(Long.toString(pid)))
                .findFirst();
    }

    private long depth() {
        String shown = text("queue-waiting");
        return shown.matches("\\d+") ? Long.parseLong(shown) : -1;
    }

    private void awaitText(String id, String expected, Duration atMost) {
        await().atMost(atMost).until(() -> text(id).equals(expected));
    }

    private String text(String id) {
        return (String)
                browser.driver.executeScript("return document.getElementById(arguments[0]).textContent.trim();", id);
    }

    private static String state(JsonNode listed, long pid) {
        return StreamSupport.stream(listed.spliterator(), false)
                .filter(p -> p.get("pid").longValue() == pid)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no process " + pid + " in " + listed))
                .get("state")
                .stringValue();
    }
}
