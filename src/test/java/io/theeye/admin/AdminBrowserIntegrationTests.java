package io.theeye.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.auth.PasswordHashing;
import io.theeye.schema.PayloadSchemas;
import io.theeye.store.ClientChanges;
import io.theeye.store.ClientStore;
import io.theeye.store.UserStore;
import io.theeye.support.ApiClient;
import io.theeye.support.Browser;
import io.theeye.support.TestDatabases;
import io.theeye.support.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The admin UI in a real headless Chromium against the running application on SQLite: what an admin does, and what
 * the API then does with the credentials made there. Each test signs in afresh; the order only makes the
 * screenshots (saved under docs/screenshots) show a service with some history.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "the-eye.auth.last-used-write-interval=200ms")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminBrowserIntegrationTests {

    private static final String USER = "admin";
    private static final String PASSWORD = "correct horse battery";
    /** Clients the tests need but do not make in the pages are made as the command line would make them. */
    private static final String SETUP = "cli:ops";

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
    ClientChanges changes;

    @Autowired
    PayloadSchemas schemas;

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

    @BeforeEach
    void signedOut() {
        browser.driver.manage().deleteAllCookies();
    }

    @Test
    @Order(1)
    void signsInWithTheUserCreatesuperuserMade() {
        open("/admin");
        assertThat(browser.driver.getCurrentUrl()).endsWith("/admin/login");
        browser.screenshot("sign-in");

        signIn(PASSWORD);

        // Back to the page asked for (Spring Security marks it ?continue).
        browser.waiting().until(ExpectedConditions.urlMatches("/admin(\\?continue)?$"));
        assertThat(text(By.tagName("h1"))).isEqualTo("Dashboard");
        assertThat(text(By.className("user"))).isEqualTo(USER);
    }

    @Test
    @Order(2)
    void refusesAWrongPassword() {
        open("/admin/login");

        signIn("not the password");

        browser.waiting().until(ExpectedConditions.urlContains("/admin/login?error"));
        assertThat(text(By.cssSelector(".flash.error"))).isEqualTo("Wrong user name or password.");
        open("/admin/clients");
        assertThat(browser.driver.getCurrentUrl()).endsWith("/admin/login");
    }

    @Test
    @Order(3)
    void createsAClientWhoseCopiedSecretSendsEventsFoundInTheExplorer() {
        signInAs();
        open("/admin/clients");
        browser.driver.findElement(By.name("name")).sendKeys("web shop");
        browser.follow(browser.driver.findElement(By.cssSelector("#create-client button")));

        UUID clientId = UUID.fromString(text(By.id("new-client-id")));
        String secret = text(By.id("new-secret-key"));
        String copied = copy("new-secret-key");
        assertThat(copied).isEqualTo(secret);
        browser.screenshot("clients");

        String token = Tokens.valid(clientId, copied);
        Instant start = Instant.now().minus(Duration.ofMinutes(3)).truncatedTo(ChronoUnit.SECONDS);
        String events = """
                [{"session_id": "visit-1", "category": "page interaction", "name": "pageview",
                  "data": {"path": "/"}, "timestamp": "%s"},
                 {"session_id": "visit-1", "category": "page interaction", "name": "click",
                  "data": {"element": "buy", "path": "/shoes"}, "timestamp": "%s"},
                 {"session_id": "visit-1", "category": "purchase", "name": "order placed",
                  "data": {"order": 1042, "total": "89.90", "currency": "EUR"}, "timestamp": "%s"}]""".formatted(start, start.plusSeconds(12), start.plusSeconds(95));
        assertThat(api.postEvents(token, events).statusCode()).isEqualTo(202);

        open("/admin/events?client=" + clientId);
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("#events tbody tr"));
        assertThat(rows).extracting(WebElement::getText).hasSize(3).allMatch(row -> row.contains("web shop"));
        assertThat(rows.getFirst().getText()).contains("order placed");
        browser.screenshot("events");

        browser.follow(rows.getFirst().findElement(By.tagName("a")));
        assertThat(text(By.id("event-json")))
                .contains("\"name\": \"order placed\"", "\"total\": \"89.90\"", "\"session_id\": \"visit-1\"");
        browser.screenshot("event");

        browser.follow(browser.driver.findElement(By.linkText("visit-1")));
        assertThat(browser.driver.findElements(By.cssSelector("#timeline tbody tr")))
                .extracting(row -> row.findElement(By.className("gap")).getText())
                .containsExactly("start", "+12.0 s", "+1 min 23 s");
        browser.screenshot("session");
    }

    @Test
    @Order(4)
    void showsEventsInTheLiveTailAsTheyAreStoredUntilPaused() {
        ClientStore.Client client = changes.create(SETUP, "mobile app", false);
        String token = Tokens.valid(client.clientId(), client.secretKey());
        signInAs();
        open("/admin/tail?client=" + client.clientId() + "&category=screen");
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("tail-status"), "Live"));

        api.postEvents(
                token,
                "[" + tailEvent("home") + "," + tailEvent("cart") + ","
                        + "{\"session_id\": \"m-1\", \"category\": \"crash\", \"name\": \"not shown\"}]");

        browser.waiting().until(d -> tailNames().containsAll(List.of("home", "cart")));
        assertThat(tailNames()).doesNotContain("not shown");
        browser.screenshot("live-tail");

        browser.driver.findElement(By.id("tail-toggle")).click();
        assertThat(text(By.id("tail-status"))).startsWith("Paused");
        browser.driver.findElement(By.id("tail-toggle")).click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("tail-status"), "Live"));
        api.postEvents(token, tailEvent("checkout"));
        browser.waiting().until(d -> tailNames().contains("checkout"));
    }

    @Test
    @Order(5)
    void rotatesASecretSoThatBothWorkDuringTheGracePeriodAndOnlyTheNewOneAfter() {
        ClientStore.Client client = changes.create(SETUP, "rotated", false);
        signInAs();
        open("/admin/clients");
        WebElement row = clientRow(client.clientId());
        WebElement grace = row.findElement(By.name("grace"));
        grace.clear();
        grace.sendKeys("10s");
        browser.follow(row.findElement(By.cssSelector("form.rotate button")));

        String newSecret = text(By.id("new-secret-key"));
        assertThat(newSecret).isNotEqualTo(client.secretKey());
        assertThat(post(client.clientId(), client.secretKey())).isEqualTo(202);
        assertThat(post(client.clientId(), newSecret)).isEqualTo(202);

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> post(client.clientId(), client.secretKey()) == 401);
        assertThat(post(client.clientId(), newSecret)).isEqualTo(202);
    }

    @Test
    @Order(6)
    void revokesAClientWhoseTokensTheApiThenRefusesAndReactivatesIt() {
        ClientStore.Client client = changes.create(SETUP, "to be revoked", false);
        assertThat(post(client.clientId(), client.secretKey())).isEqualTo(202);
        signInAs();
        open("/admin/clients");

        browser.follow(clientRow(client.clientId()).findElement(By.cssSelector("button.danger")));

        assertThat(clientRow(client.clientId()).getText()).contains("revoked");
        await().atMost(Duration.ofSeconds(10)).until(() -> post(client.clientId(), client.secretKey()) == 401);

        browser.follow(clientRow(client.clientId()).findElement(By.xpath(".//button[text()='Re-activate']")));

        assertThat(clientRow(client.clientId()).getText()).contains("active");
        await().atMost(Duration.ofSeconds(10)).until(() -> post(client.clientId(), client.secretKey()) == 202);
    }

    @Test
    @Order(7)
    void refusesAFormPostedWithoutItsCsrfToken() {
        signInAs();
        open("/admin/clients");
        browser.driver.executeScript("document.querySelector('#create-client input[name=_csrf]').remove()");
        browser.driver.findElement(By.name("name")).sendKeys("forged");

        browser.follow(browser.driver.findElement(By.cssSelector("#create-client button")));

        assertThat(text(By.tagName("h1"))).isEqualTo("Refused");
        assertThat(text(By.cssSelector(".flash.error"))).contains("did not carry a valid CSRF token");
        assertThat(clients.findAll()).noneMatch(c -> c.name().equals("forged"));
    }

    @Test
    @Order(8)
    void showsRefusedEventsWithTheirErrorsAndTheRawEvent() {
        ClientStore.Client client = changes.create(SETUP, "blog", false);
        api.postEvents(
                Tokens.valid(client.clientId(), client.secretKey()),
                "[{\"session_id\": \"b-1\", \"category\": \"comment\", \"name\": \"posted\"},"
                        + " {\"session_id\": \"b-1\", \"category\": \"comment\", \"timestamp\": \"yesterday\"}]");
        signInAs();

        open("/admin/rejected?client=" + client.clientId());
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("#rejected tbody tr"));
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst().getText()).contains("blog", "name: is required");
        browser.screenshot("rejected");

        browser.follow(rows.getFirst().findElement(By.tagName("a")));
        assertThat(text(By.id("rejected-errors"))).contains("name", "is required", "timestamp", "must be ISO-8601");
        assertThat(text(By.id("rejected-raw"))).contains("\"timestamp\": \"yesterday\"");
        browser.screenshot("rejected-event");
    }

    @Test
    @Order(9)
    void theAuditLogShowsEachChangeAndWhoMadeIt() {
        signInAs();
        open("/admin/clients");
        browser.driver.findElement(By.name("name")).sendKeys("audited");
        browser.follow(browser.driver.findElement(By.cssSelector("#create-client button")));
        UUID clientId = UUID.fromString(text(By.id("new-client-id")));
        browser.follow(clientRow(clientId).findElement(By.cssSelector("form.rotate button")));
        browser.follow(clientRow(clientId).findElement(By.cssSelector("button.danger")));
        browser.follow(clientRow(clientId).findElement(By.xpath(".//button[text()='Re-activate']")));

        open("/admin/audit");

        List<String> entries = browser.driver.findElements(By.cssSelector("#audit tbody tr")).stream()
                .map(WebElement::getText)
                .filter(row -> row.contains(clientId.toString()))
                .toList();
        assertThat(entries).hasSize(4);
        assertThat(entries.get(0)).contains(USER, "reactivated", "audited");
        assertThat(entries.get(1)).contains(USER, "revoked");
        assertThat(entries.get(2)).contains(USER, "rotated", "grace 24h");
        assertThat(entries.get(3)).contains(USER, "created", "name: audited");
        browser.screenshot("audit-log");
    }

    @Test
    @Order(10)
    void theDashboardChartsTheLastHourAndCountsToday() {
        ClientStore.Client client = changes.create(SETUP, "point of sale", false);
        String token = Tokens.valid(client.clientId(), client.secretKey());
        Instant now = afterTheDayTurnsIfAboutTo();
        // "Today" is the UTC day, so the events stay within both the last hour and today, also just after midnight.
        long spanSeconds = Math.min(
                3500, Duration.between(now.truncatedTo(ChronoUnit.DAYS), now).toSeconds());
        String[] categories = {"page interaction", "page interaction", "form", "purchase"};
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            Instant at = now.minus(Duration.ofSeconds((long) (spanSeconds * Math.pow((i * 7919 % 240) / 240.0, 1.3))));
            events.add("{\"session_id\": \"pos-%d\", \"category\": \"%s\", \"name\": \"step\", \"timestamp\": \"%s\"}"
                    .formatted(i % 17, categories[i % categories.length], at));
        }
        assertThat(api.postEvents(token, "[" + String.join(",", events) + "]").statusCode())
                .isEqualTo(202);
        signInAs();

        open("/admin");

        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart canvas")));
        assertThat(Long.parseLong(text(By.id("events-today")))).isGreaterThanOrEqualTo(240);
        assertThat(Long.parseLong(text(By.id("rejected-today")))).isGreaterThanOrEqualTo(1);
        // This process alone is registered; its workers have committed the events.
        assertThat(text(By.id("workers"))).isEqualTo("1 live, 0 lost");
        assertThat(text(By.id("commits")))
                .matches("this process: [1-9]\\d* workers? running, [1-9]\\d* commits, 0 restarts");
        assertThat(text(By.cssSelector("#processes tbody tr"))).contains("api", "live");
        assertThat(text(By.id("health"))).contains("db", "UP");
        assertThat(browser.driver.findElements(By.cssSelector(".u-legend .u-series")))
                .extracting(WebElement::getText)
                .anyMatch(label -> label.contains("purchase"));
        browser.screenshot("dashboard");
    }

    @Test
    @Order(11)
    void registersAndChangesASchemaKeepingItsVersionsThenDeletesIt() {
        ClientStore.Client client = changes.create(SETUP, "catalogue", false);
        String token = Tokens.valid(client.clientId(), client.secretKey());
        signInAs();
        open("/admin/schemas");
        browser.driver.findElement(By.name("category")).sendKeys("page interaction");
        browser.driver.findElement(By.name("name")).sendKeys("pageview");
        browser.driver.findElement(By.name("schema")).sendKeys("{\"type\": \"objekt\"}");
        browser.follow(browser.driver.findElement(By.cssSelector("#save-schema button")));

        assertThat(text(By.cssSelector(".flash.error")))
                .startsWith("schema.type: does not have a value in the enumeration");
        WebElement schema = browser.driver.findElement(By.name("schema"));
        schema.clear();
        schema.sendKeys("{\"type\": \"object\", \"properties\": {\"host\": {\"type\": \"string\"}},"
                + " \"required\": [\"host\"]}");
        browser.follow(browser.driver.findElement(By.cssSelector("#save-schema button")));

        assertThat(text(By.className("flash"))).isEqualTo("Saved version 1.");
        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        api.postEvents(token, pageview("{\"path\": \"/\"}")).statusCode() == 400);
        assertThat(api.postEvents(token, pageview("{\"host\": \"shop.example\"}"))
                        .statusCode())
                .isEqualTo(202);

        WebElement next = browser.driver.findElement(By.name("schema"));
        next.clear();
        next.sendKeys("{\"type\": \"object\", \"properties\": {\"host\": {\"type\": \"string\"}}}");
        browser.follow(browser.driver.findElement(By.cssSelector("#save-schema button")));
        assertThat(text(By.className("flash"))).isEqualTo("Saved version 2.");
        assertThat(browser.driver.findElements(By.cssSelector("#versions section")))
                .extracting(section -> section.getAttribute("data-version"))
                .containsExactly("2", "1");
        browser.screenshot("schema");

        open("/admin/schemas");
        assertThat(text(By.id("schemas"))).contains("page interaction", "pageview", USER);
        browser.screenshot("schemas");
        browser.follow(browser.driver.findElement(By.linkText("page interaction")));
        browser.follow(browser.driver.findElement(By.cssSelector("#delete-schema button")));
        assertThat(text(By.className("flash"))).startsWith("Deleted the schema of page interaction / pageview");
        assertThat(text(By.id("schemas"))).doesNotContain("pageview");

        open("/admin/audit");
        assertThat(browser.driver.findElements(By.cssSelector("#audit tbody tr")).stream()
                        .map(WebElement::getText)
                        .limit(3)
                        .toList())
                .satisfiesExactly(
                        row -> assertThat(row).contains(USER, "schema_deleted", "version 3"),
                        row -> assertThat(row).contains(USER, "schema_saved", "version 2"),
                        row -> assertThat(row).contains(USER, "schema_saved", "version 1"));
    }

    @Test
    @Order(12)
    void replaysRefusedEventsThatNowPassSoThatTheyLeaveTheList() {
        ClientStore.Client client = changes.create(SETUP, "newsletter", false);
        String token = Tokens.valid(client.clientId(), client.secretKey());
        schemas.save(
                SETUP, "form", "signup", "{\"properties\": {\"email\": {\"type\": \"string\", \"pattern\": \"@\"}}}");
        String refused = "{\"session_id\": \"n-1\", \"category\": \"form\", \"name\": \"signup\","
                + " \"data\": {\"email\": \"someone at example.org\"}}";
        await().atMost(Duration.ofSeconds(5))
                .until(() -> api.postEvents(token, refused).statusCode() == 400);
        signInAs();
        open("/admin/rejected?client=" + client.clientId());
        assertThat(browser.driver.findElements(By.cssSelector("#rejected tbody tr")))
                .singleElement()
                .satisfies(row -> assertThat(row.getText()).contains("data.email"));

        // The pattern was too strict: loosened, the refused event is replayed from the page.
        schemas.save(SETUP, "form", "signup", "{\"properties\": {\"email\": {\"type\": \"string\"}}}");
        browser.follow(browser.driver.findElement(By.cssSelector("#replay button")));

        assertThat(text(By.className("flash"))).contains("1 stored, 0 still refused");
        assertThat(text(By.id("rejected"))).contains("No refused events.");
        assertThat(browser.driver.getCurrentUrl()).contains("client=" + client.clientId());
        open("/admin/events?client=" + client.clientId());
        assertThat(text(By.id("events"))).contains("signup");
    }

    private static String pageview(String data) {
        return "{\"session_id\": \"p-1\", \"category\": \"page interaction\", \"name\": \"pageview\", \"data\": " + data
                + "}";
    }

    private void signInAs() {
        open("/admin/login");
        signIn(PASSWORD);
        browser.waiting().until(ExpectedConditions.urlToBe(base + "/admin"));
    }

    private void signIn(String password) {
        browser.driver.findElement(By.name("username")).sendKeys(USER);
        browser.driver.findElement(By.name("password")).sendKeys(password);
        browser.follow(browser.driver.findElement(By.cssSelector("form button[type=submit]")));
    }

    private void open(String path) {
        browser.driver.get(base + path);
    }

    private String text(By by) {
        return browser.waiting()
                .until(ExpectedConditions.visibilityOfElementLocated(by))
                .getText()
                .strip();
    }

    private WebElement clientRow(UUID clientId) {
        return browser.waiting()
                .until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("tr[data-client-id='" + clientId + "']")));
    }

    /** Clicks the copy button of the element, and reads the clipboard back. */
    private String copy(String elementId) {
        browser.driver.executeCdpCommand(
                "Browser.grantPermissions",
                Map.of("origin", base, "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
        browser.driver
                .findElement(By.cssSelector("button[data-copy='" + elementId + "']"))
                .click();
        browser.waiting()
                .until(d -> d.findElement(By.cssSelector("button[data-copy='" + elementId + "']"))
                        .getText()
                        .equals("Copied"));
        return (String) browser.driver.executeAsyncScript(
                "navigator.clipboard.readText().then(arguments[0], e => arguments[0]('unreadable: ' + e))");
    }

    private List<String> tailNames() {
        return browser.driver.findElements(By.cssSelector("#tail-rows tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).get(4).getText())
                .toList();
    }

    private static String tailEvent(String name) {
        return "{\"session_id\": \"m-1\", \"category\": \"screen\", \"name\": \"" + name + "\"}";
    }

    private int post(UUID clientId, String secret) {
        return api.postEvents(
                        Tokens.valid(clientId, secret),
                        "{\"session_id\": \"s\", \"category\": \"check\", \"name\": \"token\"}")
                .statusCode();
    }

    /** The dashboard counts the UTC day it renders in: a run a minute before midnight waits for the new day. */
    private static Instant afterTheDayTurnsIfAboutTo() {
        await().atMost(Duration.ofMinutes(2)).until(() -> {
            Instant now = Instant.now();
            Instant midnight = now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
            return Duration.between(now, midnight).compareTo(Duration.ofMinutes(1)) >= 0;
        });
        return Instant.now();
    }
}
