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
import io.theeye.support.RedisServerProcess;
import io.theeye.support.ServerProcess;
import io.theeye.support.Tokens;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The deployment meant for production, each part a process of its own: two API processes ({@code serve
 * --no-worker}) and a {@code worker}, through a Redis of the test's own, on one database. API processes store
 * nothing, so whatever their live tails show was stored by the worker. Each subclass names the database: on SQLite,
 * the worker and the API processes share one file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TailAcrossProcessesIntegrationTestCases {

    private static final String USER = "operator";
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    static Path folder;

    private final List<AutoCloseable> started = new ArrayList<>();
    private ServerProcess api;
    private ServerProcess otherApi;
    private ClientStore.Client shop;
    private ClientStore.Client other;

    /** The environment that points a process at a new, empty database. */
    abstract Map<String, String> newDatabase(Path folder);

    @BeforeAll
    void startApiProcessesAndWorker() {
        Map<String, String> environment = new HashMap<>(newDatabase(folder));
        HikariDataSource database = TestStores.migrated(
                environment.get("THE_EYE_DB_URL"),
                environment.getOrDefault("THE_EYE_DB_USER", ""),
                environment.getOrDefault("THE_EYE_DB_PASSWORD", ""));
        started.add(database);
        TestStores.userStore(database, Clock.systemUTC())
                .createSuperuser(USER, PasswordHashing.encoder().encode(PASSWORD));
        ClientStore clients = TestStores.clientStore(database, Clock.systemUTC());
        shop = clients.create("shop");
        other = clients.create("other shop");
        RedisServerProcess redis = RedisServerProcess.start();
        started.add(redis);
        environment.put("THE_EYE_QUEUE", "redis");
        environment.put("THE_EYE_REDIS_URL", redis.url());
        environment.put("THE_EYE_QUEUE_SIGNING_KEY", TestCodecs.KEYS);

        // One after the other: three JVMs starting at once on two cores take longer than one's start is given.
        api = start(() -> ServerProcess.start(environment, folder.resolve("api-1.log"), "serve", "--no-worker"));
        start(() -> ServerProcess.worker(environment, folder.resolve("worker.log")));
        otherApi = start(() -> ServerProcess.start(environment, folder.resolve("api-2.log"), "serve", "--no-worker"));
    }

    private ServerProcess start(Supplier<ServerProcess> starter) {
        ServerProcess process = starter.get();
        started.add(process);
        return process;
    }

    @AfterAll
    void stopEverything() throws Exception {
        for (AutoCloseable closeable : started.reversed()) {
            closeable.close();
        }
    }

    @Test
    void eventsStoredByAWorkerReachTheViewersOfEveryApiProcessThroughTheirFilters() {
        AdminSession here = signedIn(api);
        AdminSession there = signedIn(otherApi);

        try (TailStream screensHere = TailStream.open(here, "client=" + shop.clientId() + "&category=screen");
                TailStream everythingThere = TailStream.open(there, "client=" + shop.clientId());
                TailStream othersThere = TailStream.open(there, "client=" + other.clientId())) {
            post(api, shop, "screen", "home", "crash", "boom");
            post(otherApi, other, "screen", "elsewhere");
            post(otherApi, shop, "screen", "cart");

            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(screensHere.names()).containsExactlyInAnyOrder("home", "cart"));
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() ->
                            assertThat(everythingThere.names()).containsExactlyInAnyOrder("home", "boom", "cart"));
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(othersThere.names()).containsExactly("elsewhere"));
            assertThat(screensHere.missed() + everythingThere.missed() + othersThere.missed())
                    .isZero();
        }
    }

    @Test
    void theTailPageShowsEventsStoredByTheWorker() {
        try (Browser browser = Browser.start()) {
            String base = "http://127.0.0.1:" + api.port();
            browser.driver.get(base + "/admin/login");
            browser.driver.findElement(By.name("username")).sendKeys(USER);
            browser.driver.findElement(By.name("password")).sendKeys(PASSWORD);
            browser.driver
                    .findElement(By.cssSelector("form button[type=submit]"))
                    .click();
            browser.waiting().until(ExpectedConditions.urlToBe(base + "/admin"));
            browser.driver.get(base + "/admin/tail?client=" + shop.clientId() + "&category=page");
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("tail-status"), "Live"));

            post(otherApi, shop, "page", "stored by the worker", "crash", "not shown");

            browser.waiting().until(d -> tailNames(browser).contains("stored by the worker"));
            assertThat(tailNames(browser)).containsExactly("stored by the worker");
        }
    }

    private static List<String> tailNames(Browser browser) {
        return browser.driver.findElements(By.cssSelector("#tail-rows tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).get(4).getText())
                .toList();
    }

    private static AdminSession signedIn(ServerProcess process) {
        AdminSession session = new AdminSession(process.port());
        assertThat(session.signIn(USER, PASSWORD).headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith("/admin"));
        return session;
    }

    /** Posts events of the client, given as category and name pairs, in one request; answered 202. */
    private static void post(ServerProcess process, ClientStore.Client client, String... categoriesAndNames) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < categoriesAndNames.length; i += 2) {
            events.add(LiveTailIntegrationTestCases.event(categoriesAndNames[i], categoriesAndNames[i + 1]));
        }
        HttpResponse<String> answer = new ApiClient(process.port())
                .postEvents(Tokens.valid(client.clientId(), client.secretKey()), "[" + String.join(",", events) + "]");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    }
}
