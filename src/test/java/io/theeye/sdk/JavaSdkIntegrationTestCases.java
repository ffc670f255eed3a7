package io.theeye.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.segment.analytics.messages.AliasMessage;
import com.segment.analytics.messages.GroupMessage;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.ScreenMessage;
import com.segment.analytics.messages.TrackMessage;
import io.theeye.store.ClientStore;
import io.theeye.store.WriteKeyChanges;
import io.theeye.support.ApiClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Segment's published Java library ({@code com.segment.analytics.java:analytics}) sending to the running application
 * over real HTTP, pointed at it as its README says: {@code Analytics.builder(writeKey).endpoint(host)}. Every message is
 * read back through {@code GET /events} and held to the mapping of docs/api.md. Each subclass names the database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JavaSdkIntegrationTestCases {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Instant SENT = Instant.parse("2025-06-01T12:00:00.123Z");

    @Autowired
    Environment environment;

    @Autowired
    ClientStore clients;

    @Autowired
    WriteKeyChanges keys;

    private SdkClient sdk;
    private final List<JavaSdkSender> senders = new ArrayList<>();

    /** Unique to each test: its ids and sessions are its own, whatever else the database holds. */
    private String run;

    private String session;

    @BeforeAll
    void createClientAndWriteKey() {
        sdk = SdkClient.create(environment, clients, keys, "java sdk test", "analytics-java");
    }

    @BeforeEach
    void newRun() {
        run = UUID.randomUUID().toString().substring(0, 8);
        session = "java-" + run;
    }

    @AfterEach
    void shutDownSenders() {
        senders.forEach(JavaSdkSender::close);
        senders.clear();
    }

    @Test
    void storesEveryMessageTypeAsTheMappingSays() {
        String user = "user-" + run;
        UUID pageId = UUID.randomUUID();

        sender().send(
                        TrackMessage.builder("Order Completed")
                                .messageId("track-" + run)
                                .anonymousId(session)
                                .userId(user)
                                .timestamp(Date.from(SENT))
                                .context(Map.of("ip", "203.0.113.7", "locale", "nl-NL"))
                                .properties(Map.of("category", "Checkout", "total", 30, "currency", "EUR"))
                                .enableIntegration("Mixpanel", false),
                        PageMessage.builder("Pricing")
                                .messageId(pageId)
                                .anonymousId(session)
                                .timestamp(Date.from(SENT))
                                .category("Docs")
                                .properties(Map.of("path", "/pricing", "url", "https://shop.example/pricing")),
                        ScreenMessage.builder("Basket")
                                .messageId("screen-" + run)
                                .userId(user)
                                .timestamp(Date.from(SENT))
                                .context(Map.of("sessionId", 1718000000123L))
                                .properties(Map.of("items", 2)),
                        IdentifyMessage.builder()
                                .messageId("identify-" + run)
                                .anonymousId(session)
                                .userId(user)
                                .timestamp(Date.from(SENT))
                                .traits(Map.of("plan", "pro", "email", "ada@shop.example")),
                        GroupMessage.builder("company-" + run)
                                .messageId("group-" + run)
                                .userId(user)
                                .timestamp(Date.from(SENT))
                                .traits(Map.of("name", "Shop BV", "employees", 12))
                                .enableIntegration("All", true),
                        AliasMessage.builder("anonymous-" + run)
                                .messageId("alias-" + run)
                                .userId(user)
                                .timestamp(Date.from(SENT)));

        assertStored(sdk.derivedId("track-" + run), "Checkout", "Order Completed", session, """
                {"type": "track", "messageId": "track-%s", "anonymousId": "%s", "userId": "%s",
                 "context": {"ip": "203.0.113.7", "locale": "nl-NL"}, "integrations": {"Mixpanel": false},
                 "properties": {"category": "Checkout", "total": 30, "currency": "EUR"}}""".formatted(
                        run, session, user));
        // A UUID messageId is the id itself, so it leaves data; a page's own category stays there.
        assertStored(pageId, "page", "Pricing", session, """
                {"anonymousId": "%s", "integrations": {}, "category": "Docs",
                 "properties": {"path": "/pricing", "url": "https://shop.example/pricing"}}""".formatted(session));
        // context.sessionId, a number, is the session, written as text.
        assertStored(sdk.derivedId("screen-" + run), "screen", "Basket", "1718000000123", """
                {"messageId": "screen-%s", "userId": "%s", "context": {"sessionId": 1718000000123},
                 "integrations": {}, "properties": {"items": 2}}""".formatted(run, user));
        assertStored(
                sdk.derivedId("identify-" + run), "identify", "identify", session, """
                {"messageId": "identify-%s", "anonymousId": "%s", "userId": "%s", "integrations": {},
                 "traits": {"plan": "pro", "email": "ada@shop.example"}}""".formatted(run, session, user));
        // Without an anonymousId, the userId is the session.
        assertStored(sdk.derivedId("group-" + run), "group", "group", user, """
                {"messageId": "group-%1$s", "userId": "%2$s", "integrations": {"All": true},
                 "groupId": "company-%1$s", "traits": {"name": "Shop BV", "employees": 12}}""".formatted(run, user));
        assertStored(sdk.derivedId("alias-" + run), "alias", "alias", user, """
                {"messageId": "alias-%1$s", "userId": "%2$s", "integrations": {},
                 "previousId": "anonymous-%1$s"}""".formatted(run, user));
    }

    @Test
    void storesAResentMessageOnce() {
        UUID pageId = UUID.randomUUID();
        JavaSdkSender sender = sender();

        sender.send(resentTrack(), resentPage(pageId));
        // Again in a batch of its own, as after a lost answer; then twice in one batch.
        sender.send(resentTrack(), resentPage(pageId));
        sender.send(resentTrack(), resentTrack(), resentPage(pageId), resentPage(pageId));

        assertThat(sdk.session(session))
                .extracting(event -> event.get("id").stringValue())
                .containsExactlyInAnyOrder(sdk.derivedId("resent-" + run).toString(), pageId.toString());
    }

    @Test
    void takesBatchesTheApplicationsOwnHttpClientGzips() {
        // The library sends plain JSON and has no switch for gzip; an application that wants it gives the builder an
        // OkHttp client of its own, which is how the library is meant to be extended.
        AtomicInteger gzipped = new AtomicInteger();
        OkHttpClient gzipping =
                new OkHttpClient.Builder().addInterceptor(gzip(gzipped)).build();
        JavaSdkSender sender =
                sender(new JavaSdkSender(sdk.host(), sdk.writeKey(), builder -> builder.client(gzipping)));

        sender.send(
                TrackMessage.builder("Zipped")
                        .messageId("zipped-" + run)
                        .anonymousId(session)
                        .properties(Map.of("text", "a".repeat(2000))),
                PageMessage.builder("Zipped page")
                        .messageId("zipped-page-" + run)
                        .anonymousId(session));

        assertThat(gzipped.get()).isEqualTo(1);
        assertThat(sdk.session(session))
                .extracting(event -> event.get("name").stringValue())
                .containsExactlyInAnyOrder("Zipped", "Zipped page");
        assertThat(read(sdk.derivedId("zipped-" + run))
                        .get("data")
                        .get("properties")
                        .get("text")
                        .stringValue())
                .hasSize(2000);
    }

    /**
     * The library puts its own name and version in the batch's {@code context}, not in each message's, and Segment's
     * spec applies a batch's {@code context} to every message in it.
     */
    @Test
    void appliesTheBatchContextToEveryMessage() {
        sender().send(
                        TrackMessage.builder("Without context")
                                .messageId("no-context-" + run)
                                .anonymousId(session),
                        TrackMessage.builder("With context")
                                .messageId("context-" + run)
                                .anonymousId(session)
                                .context(Map.of("ip", "203.0.113.7")));

        assertThat(read(sdk.derivedId("no-context-" + run)).get("data").get("context"))
                .isEqualTo(JSON.valueToTree(JavaSdkSender.batchContext()));
        assertThat(read(sdk.derivedId("context-" + run)).get("data").get("context"))
                .isEqualTo(withBatchContext("{\"context\": {\"ip\": \"203.0.113.7\"}}")
                        .get("context"));
    }

    @Test
    void correctsTheTimestampOfADeviceWhoseClockIsAnHourBehindByItsSentAt() {
        Instant deviceClock = Instant.now().minus(Duration.ofHours(1));
        Instant before = Instant.now();

        sender().send(TrackMessage.builder("Late clock")
                .messageId("late-" + run)
                .anonymousId(session)
                .timestamp(Date.from(deviceClock))
                .sentAt(Date.from(deviceClock)));

        JsonNode event = read(sdk.derivedId("late-" + run));
        assertThat(Instant.parse(event.get("original_timestamp").stringValue()))
                .isEqualTo(deviceClock.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(Instant.parse(event.get("timestamp").stringValue())).isBetween(before, Instant.now());
    }

    @Test
    void reportsAMessageRefusedBesideValidOnesAsSentAndKeepsItInRejectedEvents() {
        List<JavaSdkSender.Outcome> verdicts = sender().sendForVerdicts(
                        TrackMessage.builder("Fine").messageId("fine-" + run).anonymousId(session),
                        TrackMessage.builder("Holds a NUL")
                                .messageId("nul-" + run)
                                .anonymousId(session)
                                .properties(Map.of("note", "a\u0000b")));

        // The library reads only the status: a 200 is success for every message of the batch.
        assertThat(verdicts).allSatisfy(outcome -> assertThat(outcome.error()).isNull());
        assertThat(sdk.session(session))
                .extracting(event -> event.get("name").stringValue())
                .containsExactly("Fine");
        HttpResponse<String> rejected = sdk.api().send("GET", "/rejected-events?order=desc", null, sdk.bearer());
        assertThat(rejected.statusCode()).isEqualTo(200);
        assertThat(rejected.body()).contains("nul-" + run);
    }

    @Test
    void reportsABatchWithNoValidMessageAsFailed() {
        List<JavaSdkSender.Outcome> verdicts = sender().sendForVerdicts(TrackMessage.builder("Holds a NUL")
                .messageId("nul-only-" + run)
                .anonymousId(session)
                .properties(Map.of("note", "a\u0000b")));

        assertThat(verdicts)
                .singleElement()
                .satisfies(outcome -> assertThat(outcome.error())
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("\"success\":false"));
        assertThat(sdk.session(session)).isEmpty();
    }

    private TrackMessage.Builder resentTrack() {
        return TrackMessage.builder("Resent").messageId("resent-" + run).anonymousId(session);
    }

    private PageMessage.Builder resentPage(UUID id) {
        return PageMessage.builder("Resent page").messageId(id).anonymousId(session);
    }

    private JavaSdkSender sender() {
        return sender(new JavaSdkSender(sdk.host(), sdk.writeKey()));
    }

    private JavaSdkSender sender(JavaSdkSender sender) {
        senders.add(sender);
        return sender;
    }

    private void assertStored(UUID id, String category, String name, String sessionId, String data) {
        JsonNode event = read(id);
        assertThat(event.get("category").stringValue()).isEqualTo(category);
        assertThat(event.get("name").stringValue()).isEqualTo(name);
        assertThat(event.get("session_id").stringValue()).isEqualTo(sessionId);
        assertThat(Instant.parse(event.get("timestamp").stringValue())).isEqualTo(SENT);
        assertThat(event.get("original_timestamp").isNull()).isTrue();
        assertThat(event.get("data")).isEqualTo(withBatchContext(data));
    }

    /**
     * The data a message is stored with: as the library sent it, with the batch's context under its own, as Segment's
     * batch API applies it.
     */
    private static JsonNode withBatchContext(String data) {
        ObjectNode message = (ObjectNode) ApiClient.json(data);
        ObjectNode context = (ObjectNode) JSON.valueToTree(JavaSdkSender.batchContext());
        if (message.get("context") instanceof ObjectNode own) {
            context.setAll(own);
        }
        message.set("context", context);
        return message;
    }

    private JsonNode read(UUID id) {
        HttpResponse<String> response = sdk.api().send("GET", "/events/" + id, null, sdk.bearer());
        assertThat(response.statusCode())
                .as("GET /events/%s: %s", id, response.body())
                .isEqualTo(200);
        return ApiClient.json(response);
    }

    /** Gzips each request body, as OkHttp's documentation shows, counting the bodies it compressed. */
    private static Interceptor gzip(AtomicInteger count) {
        return chain -> {
            Request request = chain.request();
            Buffer plain = new Buffer();
            request.body().writeTo(plain);
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
                out.write(plain.readByteArray());
            }
            count.incrementAndGet();
            return chain.proceed(request.newBuilder()
                    .header("Content-Encoding", "gzip")
                    .method(
                            request.method(),
                            RequestBody.create(
                                    zipped.toByteArray(), request.body().contentType()))
                    .build());
        };
    }
}
