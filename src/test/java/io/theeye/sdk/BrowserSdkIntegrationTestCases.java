package io.theeye.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.store.ClientChanges;
import io.theeye.store.ClientStore;
import io.theeye.store.WriteKeyChanges;
import io.theeye.support.ApiClient;
import io.theeye.support.Browser;
import io.theeye.support.NpmPackages;
import io.theeye.support.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/**
 * Segment's browser library, {@code @segment/analytics-next} as npm publishes it, in a real headless Chromium: a shop's
 * page served by the test loads the library's own bundle and chunks and its settings from the test (as from Segment's
 * CDN), and sends to The Eye with a write key limited to the page's origin. The page is at {@code localhost} and The
 * Eye at {@code 127.0.0.1}, so every request is cross-origin, with its CORS exchange. Each subclass names the database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserSdkIntegrationTestCases {

    @Autowired
    Environment environment;

    @Autowired
    ClientStore clients;

    @Autowired
    ClientChanges clientChanges;

    @Autowired
    WriteKeyChanges keys;

    private ApiClient api;
    private String eye;
    private BrowserSdkPages pages;
    private Browser browser;
    private ClientStore.Client client;
    private String writeKey;

    @BeforeAll
    void startPagesAndBrowser() {
        int port = environment.getRequiredProperty("local.server.port", Integer.class);
        api = new ApiClient(port);
        eye = "127.0.0.1:" + port;
        pages = BrowserSdkPages.start(NpmPackages.packageFolder("@segment/analytics-next")
                .resolve("dist")
                .resolve("umd"));
        client = clients.create("web shop");
        writeKey = key(client, pages.origin("localhost"));
        pages.page("shop", writeKey, segmentIo(""));
        browser = Browser.start();
    }

    @AfterAll
    void stopPagesAndBrowser() {
        if (browser != null) {
            browser.close();
        }
        if (pages != null) {
            pages.close();
        }
    }

    @Test
    void storesThePagesPageTrackAndIdentifyAsTheMappingSays() {
        String anonymousId = UUID.randomUUID().toString();

        Map<String, Object> sent = open(pages.origin("localhost"), "shop", anonymousId);

        assertThat(sent).containsEntry("anonymousId", anonymousId);
        List<JsonNode> events = arrived(client, anonymousId);
        assertThat(events).hasSize(3);
        Map<String, JsonNode> byCategory = new HashMap<>();
        events.forEach(event -> byCategory.put(event.get("category").stringValue(), event));
        assertThat(byCategory).containsOnlyKeys("page", "track", "identify");
        for (JsonNode event : events) {
            JsonNode data = event.get("data");
            assertThat(event.get("session_id").stringValue()).isEqualTo(anonymousId);
            assertThat(event.get("id").stringValue())
                    .isEqualTo(derivedId(client, data.get("messageId").stringValue())
                            .toString());
            assertThat(data.has("writeKey")).isFalse();
            assertThat(data.has("timestamp")).isFalse();
            assertThat(data.get("anonymousId").stringValue()).isEqualTo(anonymousId);
            assertThat(data.get("sentAt").isString()).isTrue();
            assertThat(data.get("context").get("library").get("name").stringValue())
                    .isEqualTo("analytics.js");
            assertThat(data.get("context").get("page").get("path").stringValue())
                    .isEqualTo("/shop.html");
            assertThat(data.get("context").get("userAgent").stringValue()).contains("Chrome");
        }
        JsonNode page = byCategory.get("page");
        assertThat(page.get("name").stringValue()).isEqualTo("/shop.html");
        assertThat(page.get("data").get("properties").get("title").stringValue())
                .isEqualTo("Shop");
        assertThat(page.get("data").get("properties").get("url").stringValue())
                .startsWith(pages.origin("localhost") + "/shop.html");
        JsonNode track = byCategory.get("track");
        assertThat(track.get("name").stringValue()).isEqualTo("Clicked");
        assertThat(track.get("data").get("event")).isNull();
        assertThat(track.get("data").get("properties").get("button").stringValue())
                .isEqualTo("Buy");
        assertThat(track.get("data").get("properties").get("price").asInt()).isEqualTo(30);
        JsonNode identify = byCategory.get("identify");
        assertThat(identify.get("name").stringValue()).isEqualTo("identify");
        assertThat(identify.get("data").get("userId").stringValue()).isEqualTo("u-42");
        assertThat(identify.get("data").get("traits").get("plan").stringValue()).isEqualTo("pro");
    }

    @Test
    void sendsTextPlainWithTheKeyAsBasicAndInTheBodyAndReadsTheAnswers() {
        String anonymousId = UUID.randomUUID().toString();

        open(pages.origin("localhost"), "shop", anonymousId);

        List<Map<String, Object>> toEye =
                await().atMost(Duration.ofSeconds(30)).until(() -> answeredByEye(fetches()), done -> done.size() >= 3);
        assertThat(toEye)
                .extracting(fetch -> fetch.get("url"))
                .containsExactlyInAnyOrder(
                        "http://" + eye + "/v1/p", "http://" + eye + "/v1/t", "http://" + eye + "/v1/i");
        String basic = "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
        for (Map<String, Object> fetch : toEye) {
            assertThat(fetch).containsEntry("method", "post");
            assertThat(headers(fetch))
                    .containsEntry("content-type", "text/plain")
                    .containsEntry("authorization", basic)
                    .doesNotContainKey("x-retry-count");
            JsonNode sent = ApiClient.json((String) fetch.get("sent"));
            assertThat(sent.get("writeKey").stringValue()).isEqualTo(writeKey);
            assertThat(sent.get("sentAt").isString()).isTrue();
            // The page could read The Eye's answer: its CORS answer named the page's origin.
            assertThat(fetch).containsEntry("status", 200L);
            assertThat(ApiClient.json((String) fetch.get("body")).get("success").asBoolean())
                    .isTrue();
        }
        assertThat(failures()).isEmpty();
        // Nothing came from anywhere but the shop's server and The Eye; the chunk the query string needs came from the
        // shop's server.
        assertThat(fetches())
                .extracting(fetch -> (String) fetch.get("url"))
                .allMatch(url ->
                        url.startsWith(pages.origin("localhost") + "/") || url.startsWith("http://" + eye + "/"));
        assertThat(pages.served()).anyMatch(path -> path.startsWith("/analytics-next/bundles/queryString.bundle."));
    }

    @Test
    void refusesTheKeyOnAPageOfAnotherOrigin() {
        String anonymousId = UUID.randomUUID().toString();

        open(pages.origin("127.0.0.1"), "shop", anonymousId);

        // The SDK gives a message up once refused with a 4xx, and says so.
        await().atMost(Duration.ofSeconds(30)).until(() -> failures().size() >= 3);
        assertThat(failures())
                .hasSize(3)
                .allSatisfy(failure -> assertThat(failure)
                        .containsEntry("code", "delivery_failure")
                        .containsEntry("reason", "NonRetryableError: Non-retryable error: 403"));
        // It was The Eye that refused them, for their origin: the page read why.
        assertThat(answeredByEye(fetches()))
                .extracting(fetch -> fetch.get("url"))
                .containsExactlyInAnyOrder(
                        "http://" + eye + "/v1/p", "http://" + eye + "/v1/t", "http://" + eye + "/v1/i");
        assertThat(answeredByEye(fetches())).allSatisfy(fetch -> {
            assertThat(fetch).containsEntry("status", 403L);
            assertThat(ApiClient.json((String) fetch.get("body")).get("error").stringValue())
                    .isEqualTo("origin_not_allowed");
        });
        assertThat(read(client, anonymousId)).isEmpty();
    }

    @Test
    void deliversWhatTheRateLimitRefusedWhenTheSdkRetries() {
        ClientStore.Client limited = clients.create("busy shop");
        clientChanges.limit("test", limited.clientId(), new ClientStore.RateLimit(1, 1));
        pages.page("busy-shop", key(limited, pages.origin("localhost")), segmentIo(""));
        String anonymousId = UUID.randomUUID().toString();

        open(pages.origin("localhost"), "busy-shop", anonymousId);

        List<JsonNode> events = arrived(limited, anonymousId);
        assertThat(events)
                .extracting(event -> event.get("category").stringValue())
                .containsExactlyInAnyOrder("page", "track", "identify");
        List<Map<String, Object>> toEye = answeredByEye(fetches());
        // The bucket holds one event: the other messages were refused for the rate limit (429, Retry-After), and the
        // SDK's retries, which carry X-Retry-Count, went through.
        assertThat(toEye).anySatisfy(fetch -> assertThat(fetch).containsEntry("status", 429L));
        assertThat(toEye)
                .filteredOn(fetch -> headers(fetch).containsKey("x-retry-count"))
                .isNotEmpty()
                .anySatisfy(fetch -> assertThat(fetch).containsEntry("status", 200L));
        assertThat(failures()).isEmpty();
    }

    @Test
    void sendsOneBatchToV1bWhenTheSdkBatches() {
        pages.page("batching-shop", writeKey, segmentIo(", " + batching(3)));
        String anonymousId = UUID.randomUUID().toString();

        open(pages.origin("localhost"), "batching-shop", anonymousId);

        List<JsonNode> events = arrived(client, anonymousId);
        assertThat(events)
                .extracting(event -> event.get("category").stringValue())
                .containsExactlyInAnyOrder("page", "track", "identify");
        assertThat(events)
                .allSatisfy(
                        event -> assertThat(event.get("data").has("writeKey")).isFalse());
        List<Map<String, Object>> toEye =
                await().atMost(Duration.ofSeconds(30)).until(() -> answeredByEye(fetches()), done -> !done.isEmpty());
        assertThat(toEye).singleElement().satisfies(fetch -> {
            assertThat(fetch).containsEntry("url", "http://" + eye + "/v1/b").containsEntry("status", 200L);
            assertThat(ApiClient.json((String) fetch.get("body"))
                            .get("accepted")
                            .asInt())
                    .isEqualTo(3);
            JsonNode sent = ApiClient.json((String) fetch.get("sent"));
            assertThat(sent.get("writeKey").stringValue()).isEqualTo(writeKey);
            assertThat(sent.get("sentAt").isString()).isTrue();
            assertThat(sent.get("batch"))
                    .hasSize(3)
                    .allSatisfy(message -> assertThat(message.has("sentAt")).isFalse());
        });
    }

    @Test
    void sendsWhatItHoldsWhenThePageIsLeft() {
        pages.page("leaving-shop", writeKey, segmentIo(", " + batching(10)));
        String anonymousId = UUID.randomUUID().toString();
        open(pages.origin("localhost"), "leaving-shop", anonymousId);
        // The batch is not full and its timeout a minute away: the SDK holds the messages.
        assertThat(fetches())
                .extracting(fetch -> (String) fetch.get("url"))
                .noneMatch(url -> url.startsWith("http://" + eye + "/"));

        // Leaving the page makes the SDK send them at once, as a keepalive request that outlives the page.
        browser.driver.get("about:blank");

        assertThat(arrived(client, anonymousId))
                .extracting(event -> event.get("category").stringValue())
                .containsExactlyInAnyOrder("page", "track", "identify");
    }

    /** The three events of the session once they are stored, or the page's fetches in the failure. */
    private List<JsonNode> arrived(ClientStore.Client owner, String session) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(read(owner, session))
                        .as(() -> "the events of " + session + ", sent by the fetches " + fetches())
                        .hasSize(3));
        return read(owner, session);
    }

    /** The SDK's batching delivery: a batch is sent when it holds that many messages, or after a minute. */
    private static String batching(int size) {
        return "\"deliveryStrategy\": {\"strategy\": \"batching\", \"config\": {\"size\": " + size
                + ", \"timeout\": 60000}}";
    }

    /** The page's settings of the Segment.io integration: The Eye as its API host, and these settings more. */
    private String segmentIo(String more) {
        return "{\"apiHost\": \"" + eye + "/v1\", \"protocol\": \"http\"" + more + "}";
    }

    /** A write key of the client for that origin, made as {@code keys create} makes one. */
    /**
     * A new key of the owner's, limited to the origin, once the server takes it: what these tests check is the SDK, and
     * a key that is usable at once is {@code WriteKeyIntegrationTestCases}' business.
     */
    private String key(ClientStore.Client owner, String origin) {
        String key = keys.create("test", owner.clientId(), "shop", List.of(origin))
                .orElseThrow()
                .key();
        String basic = "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
        String probe = "{\"event\": \"key probe\", \"anonymousId\": \"probe-" + UUID.randomUUID() + "\"}";
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.send(
                                        "POST",
                                        "/v1/track",
                                        probe,
                                        Map.of("Authorization", basic, "Content-Type", "application/json"))
                                .statusCode()
                        == 200);
        return key;
    }

    /**
     * Opens the shop's page at that origin as a new visitor's (nothing the SDK kept there from another test, such as
     * messages it holds to resend) and waits for the SDK to have dispatched its three calls.
     */
    @SuppressWarnings("unchecked")
    private Map<String, Object> open(String origin, String page, String anonymousId) {
        browser.driver.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", origin, "storageTypes", "all"));
        browser.driver.get(origin + "/" + page + ".html?ajs_aid=" + anonymousId);
        return (Map<String, Object>) browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " window.sent.then(done, (error) => done({error: String(error)}));");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> fetches() {
        return (List<Map<String, Object>>) browser.driver.executeScript("return window.fetches");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> failures() {
        return (List<Map<String, Object>>) browser.driver.executeScript("return window.failures");
    }

    /** The page's fetches to The Eye that have their answer, or their error. */
    private List<Map<String, Object>> answeredByEye(List<Map<String, Object>> fetches) {
        return fetches.stream()
                .filter(fetch -> ((String) fetch.get("url")).startsWith("http://" + eye + "/"))
                .filter(fetch -> fetch.containsKey("status") || fetch.containsKey("error"))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> headers(Map<String, Object> fetch) {
        return (Map<String, Object>) fetch.get("headers");
    }

    private List<JsonNode> read(ClientStore.Client owner, String session) {
        return SdkClient.session(api, Tokens.valid(owner.clientId(), owner.secretKey()), session);
    }

    private static UUID derivedId(ClientStore.Client owner, String messageId) {
        return SdkClient.derivedId(owner.clientId(), messageId);
    }
}
