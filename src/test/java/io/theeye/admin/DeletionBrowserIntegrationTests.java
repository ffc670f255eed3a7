package io.theeye.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.auth.PasswordHashing;
import io.theeye.store.AuditLog;
import io.theeye.store.ClientStore;
import io.theeye.store.UserStore;
import io.theeye.support.ApiClient;
import io.theeye.support.Browser;
import io.theeye.support.TestDatabases;
import io.theeye.support.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A client's data page in a real headless Chromium against the running application on SQLite: an admin previews a
 * deletion's counts, confirms it, and suppresses a session and lets it in again; the API sees each at once or within
 * a refresh.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "the-eye.suppressions.refresh-interval=100ms")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeletionBrowserIntegrationTests {

    private static final String USER = "admin";
    private static final String PASSWORD = "correct horse battery";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.useSqlite(registry);
    }

    @Autowired
    Environment environment;

    @Autowired
    UserStore users;

    @Autowired
    ClientStore clients;

    @Autowired
    AuditLog audit;

    private Browser browser;
    private ApiClient api;
    private String base;

    @BeforeAll
    void start() {
        browser = Browser.start();
        int port = environment.getRequiredProperty("local.server.port", Integer.class);
        base = "http://127.0.0.1:" + port;
        api = new ApiClient(port);
        users.createSuperuser(USER, PasswordHashing.encoder().encode(PASSWORD));
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void previewsConfirmsAndRecordsADeletionThenSuppressesASessionAndLetsItInAgain() {
        ClientStore.Client client = clients.create("shop");
        String token = Tokens.valid(client.clientId(), client.secretKey());
        assertThat(api.postEvents(
                                token,
                                "[" + event("s-1") + "," + event("s-1") + "," + event("s-2")
                                        + ", {\"session_id\": \"s-1\", \"category\": \"page\"}]")
                        .statusCode())
                .isEqualTo(202);
        signIn();

        browser.driver.get(base + "/admin/clients");
        browser.follow(browser.waiting()
                .until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("tr[data-client-id='" + client.clientId() + "'] a.data"))));
        browser.follow(browser.driver.findElement(By.cssSelector("#deletion-preview button[type=submit]")));
        assertThat(text(By.cssSelector(".flash.error"))).startsWith("filter: name at least one of");
        assertThat(browser.driver.findElements(By.id("deletion-confirm"))).isEmpty();

        browser.driver.findElement(By.name("sessionIds")).sendKeys("s-1");
        browser.follow(browser.driver.findElement(By.cssSelector("#deletion-preview button[type=submit]")));

        assertThat(text(By.id("deletion-counts"))).startsWith("2 events and 1 refused events would be deleted.");
        assertThat(sessions(token)).containsExactlyInAnyOrder("s-1", "s-1", "s-2");
        browser.screenshot("deletion");

        browser.follow(browser.driver.findElement(By.cssSelector("#deletion-confirm button[type=submit]")));

        assertThat(text(By.className("flash"))).isEqualTo("Deleted 2 events and 1 refused events.");
        assertThat(sessions(token)).containsExactly("s-2");
        AuditLog.Entry entry = audit.page(null, 10).getFirst();
        assertThat(entry.actor()).isEqualTo(USER);
        assertThat(entry.action()).isEqualTo("events_deleted");
        assertThat(entry.details()).isEqualTo("filter: {\"session_ids\":[\"s-1\"]}, events: 2, rejected_events: 1");

        browser.driver
                .findElement(By.cssSelector("#add-suppression input[name=sessionId]"))
                .sendKeys("s-2");
        browser.follow(browser.driver.findElement(By.cssSelector("#add-suppression button[type=submit]")));
        assertThat(text(By.className("flash"))).isEqualTo("Suppressed session_id = \"s-2\".");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.postEvents(token, event("s-2")).statusCode() == 400);
        assertThat(sessions(token)).containsExactly("s-2");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            browser.driver.navigate().refresh();
            return !text(By.cssSelector("#suppressions td.count")).equals("0");
        });

        browser.follow(browser.driver.findElement(By.cssSelector("#suppressions button[type=submit]")));
        assertThat(text(By.className("flash"))).startsWith("Removed the suppression of session_id = \"s-2\"");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.postEvents(token, event("s-2")).statusCode() == 202);
        assertThat(audit.page(null, 10).stream().map(AuditLog.Entry::action).limit(2))
                .containsExactly("suppression_removed", "suppression_added");
    }

    private List<String> sessions(String token) {
        List<String> sessions = new ArrayList<>();
        ApiClient.json(api.send("GET", "/events?limit=100", null, Map.of("Authorization", "Bearer " + token)))
                .get("results")
                .forEach(e -> sessions.add(e.get("session_id").stringValue()));
        return sessions;
    }

    private void signIn() {
        browser.driver.get(base + "/admin/login");
        browser.driver.findElement(By.name("username")).sendKeys(USER);
        browser.driver.findElement(By.name("password")).sendKeys(PASSWORD);
        browser.follow(browser.driver.findElement(By.cssSelector("form button[type=submit]")));
        browser.waiting().until(ExpectedConditions.urlToBe(base + "/admin"));
    }

    private String text(By by) {
        return browser.waiting()
                .until(ExpectedConditions.visibilityOfElementLocated(by))
                .getText()
                .strip();
    }

    private static String event(String session) {
        return "{\"session_id\": \"" + session + "\", \"category\": \"page\", \"name\": \"view\", \"data\": {}}";
    }
}
