package io.theeye.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.store.ClientStore;
import io.theeye.support.ApiClient;
import io.theeye.support.Tokens;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/** The read API through real HTTP against the running application; each subclass names the database. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "the-eye.auth.client-refresh-interval=100ms",
            "the-eye.query.max-stats-results=" + QueryIntegrationTestCases.MAX_STATS_RESULTS
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class QueryIntegrationTestCases {

    static final int MAX_STATS_RESULTS = 4;

    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00.000001Z");

    @Autowired
    Environment environment;

    @Autowired
    ClientStore clients;

    ApiClient api;
    String shop;
    String blog;
    String dashboards;
    UUID shopId;
    UUID blogId;

    @BeforeAll
    void createClients() {
        api = new ApiClient(environment.getRequiredProperty("local.server.port", Integer.class));
        ClientStore.Client shopClient = clients.create("shop");
        ClientStore.Client blogClient = clients.create("blog");
        ClientStore.Client reader = clients.create("dashboards", true);
        shopId = shopClient.clientId();
        blogId = blogClient.clientId();
        shop = Tokens.valid(shopId, shopClient.secretKey());
        blog = Tokens.valid(blogId, blogClient.secretKey());
        dashboards = Tokens.valid(reader.clientId(), reader.secretKey());
        for (String token : List.of(shop, blog, dashboards)) {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> get(token, "/events?limit=1").statusCode() == 200);
        }
    }

    @Test
    void listsASessionsEventsInTheOrderTheyOccurred() {
        String session = newSession();
        post(
                shop,
                event(session, "page", "view", T0.plusSeconds(3)),
                event(session, "page", "view", T0.plusSeconds(1)),
                event(session, "form", "submit", T0.plusSeconds(2)));

        JsonNode page = json(get(shop, "/events?session_id=" + session));

        assertThat(timestamps(page))
                .containsExactly(
                        "2024-03-01T10:00:01.000001Z", "2024-03-01T10:00:02.000001Z", "2024-03-01T10:00:03.000001Z");
        JsonNode first = page.get("results").get(0);
        assertThat(first.propertyNames())
                .containsExactly(
                        "id",
                        "session_id",
                        "category",
                        "name",
                        "data",
                        "timestamp",
                        "received_at",
                        "original_timestamp");
        assertThat(first.get("original_timestamp").isNull()).isTrue();
        assertThat(first.get("session_id").stringValue()).isEqualTo(session);
        assertThat(first.get("data").get("path").stringValue()).isEqualTo("/");
        assertThat(first.get("received_at").stringValue())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        assertThat(page.get("next").isNull()).isTrue();
    }

    @Test
    void listsNewestFirstWhenOrderIsDesc() {
        String session = newSession();
        post(shop, event(session, "page", "view", T0), event(session, "page", "view", T0.plusSeconds(5)));

        JsonNode page = json(get(shop, "/events?order=desc&session_id=" + session));

        assertThat(timestamps(page)).containsExactly("2024-03-01T10:00:05.000001Z", "2024-03-01T10:00:00.000001Z");
    }

    @Test
    void filtersByCategoryNameAndTimeRangeTogether() {
        String session = newSession();
        post(
                shop,
                event(session, "page", "view", T0),
                event(session, "page", "click", T0.plusSeconds(1)),
                event(session, "page", "view", T0.plusSeconds(2)),
                event(session, "form", "view", T0.plusSeconds(3)),
                event(session, "page", "view", T0.plusSeconds(4)));

        JsonNode page = json(get(
                shop,
                "/events?session_id=" + session + "&category=page&name=view&from=" + encode(T0.plusSeconds(2)) + "&to="
                        + encode(T0.plusSeconds(4))));

        assertThat(timestamps(page)).containsExactly("2024-03-01T10:00:02.000001Z");
        assertThat(json(get(shop, "/events?session_id=" + session + "&category=form"))
                        .get("results"))
                .hasSize(1);
        assertThat(json(get(shop, "/events?session_id=" + session + "&name=click"))
                        .get("results"))
                .hasSize(1);
        assertThat(json(get(shop, "/events?session_id=" + session + "&from=" + encode(T0.plusSeconds(4))))
                        .get("results"))
                .hasSize(1);
    }

    @Test
    void pagesThroughEventsWithoutSkippingOrRepeatingWhileNewOnesArrive() {
        String session = newSession();
        // Ties on the timestamp are ordered by id: a cursor must resume inside a run of equal timestamps.
        List<String> events = IntStream.range(0, 25)
                .mapToObj(i -> event(session, "page", "view", T0.plusSeconds(i / 5)))
                .toList();
        post(shop, events.toArray(String[]::new));

        List<String> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            JsonNode page =
                    json(get(shop, "/events?limit=10&session_id=" + session + (next == null ? "" : "&cursor=" + next)));
            page.get("results").forEach(e -> seen.add(e.get("id").stringValue()));
            next = page.get("next").isNull() ? null : page.get("next").stringValue();
            // Arrivals between pages, before the cursor's position, must not shift what follows.
            post(shop, event(session, "page", "view", T0.minusSeconds(60 + pages)));
            pages++;
        } while (next != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(25).doesNotHaveDuplicates();
        assertThat(json(get(shop, "/events?limit=1000&session_id=" + session)).get("results"))
                .hasSize(28);
    }

    @Test
    void pagesNewestFirstAcrossDaysWithoutSkippingOrRepeating() {
        String session = newSession();
        // Three days (on PostgreSQL three partitions), each with a run of equal timestamps a page boundary falls in.
        List<String> events = IntStream.range(0, 24)
                .mapToObj(i -> event(
                        session, "page", "view", T0.plus(Duration.ofDays(i / 8)).plusSeconds(i % 8 / 3)))
                .toList();
        post(shop, events.toArray(String[]::new));
        List<String> all = new ArrayList<>();
        json(get(shop, "/events?limit=1000&order=desc&session_id=" + session))
                .get("results")
                .forEach(e -> all.add(e.get("id").stringValue()));

        List<String> seen = new ArrayList<>();
        String next = null;
        do {
            JsonNode page = json(get(
                    shop,
                    "/events?limit=5&order=desc&session_id=" + session + (next == null ? "" : "&cursor=" + next)));
            page.get("results").forEach(e -> seen.add(e.get("id").stringValue()));
            next = page.get("next").isNull() ? null : page.get("next").stringValue();
        } while (next != null);

        assertThat(all).hasSize(24);
        assertThat(seen).isEqualTo(all);
    }

    @Test
    void findsOneEventByIdOnlyForItsClient() {
        String session = newSession();
        String id = ApiClient.json(post(shop, event(session, "page", "view", T0)))
                .get("ids")
                .get(0)
                .stringValue();

        assertThat(get(shop, "/events/" + id).statusCode()).isEqualTo(200);
        assertThat(json(get(shop, "/events/" + id)).get("id").stringValue()).isEqualTo(id);
        assertThat(get(blog, "/events/" + id).statusCode()).isEqualTo(404);
        assertThat(get(dashboards, "/events/" + id).statusCode()).isEqualTo(200);
        assertThat(get(shop, "/events/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
        assertThat(get(shop, "/events/not-a-uuid").statusCode()).isEqualTo(404);
    }

    @Test
    void keepsEachClientsEventWhenTwoClientsSendTheSameId() {
        String id = UUID.randomUUID().toString();
        String session = newSession();
        String event = "{\"id\": \"%s\", \"session_id\": \"%s\", \"category\": \"%s\", \"name\": \"n\"}";

        post(shop, event.formatted(id, session, "shop"));
        post(blog, event.formatted(id, session, "blog"));

        assertThat(json(get(shop, "/events/" + id)).get("category").stringValue())
                .isEqualTo("shop");
        assertThat(json(get(blog, "/events/" + id)).get("category").stringValue())
                .isEqualTo("blog");
        assertThat(get(dashboards, "/events/" + id).statusCode()).isEqualTo(200);
    }

    @Test
    void neverShowsOneClientTheEventsOfAnother() {
        String session = newSession();
        post(shop, event(session, "page", "view", T0));

        assertThat(json(get(blog, "/events?session_id=" + session)).get("results"))
                .isEmpty();
        assertThat(get(blog, "/sessions/" + session).statusCode()).isEqualTo(404);
        assertThat(json(get(blog, "/sessions/" + session + "/events")).get("results"))
                .isEmpty();
        HttpResponse<String> asked = get(blog, "/events?client_id=" + shopId + "&session_id=" + session);
        assertThat(asked.statusCode()).isEqualTo(403);
        assertThat(field(asked)).isEqualTo("client_id");
    }

    @Test
    void letsAReadAllClientReadEveryClientAndNarrowToOne() {
        String session = newSession();
        post(shop, event(session, "page", "view", T0));
        post(blog, event(session, "page", "view", T0.plusSeconds(1)));

        assertThat(json(get(dashboards, "/events?session_id=" + session)).get("results"))
                .hasSize(2);
        assertThat(json(get(dashboards, "/events?session_id=" + session + "&client_id=" + blogId))
                        .get("results"))
                .hasSize(1);
        assertThat(json(get(dashboards, "/sessions/" + session)).get("events").asLong())
                .isEqualTo(2);
    }

    @Test
    void summarisesASession() {
        String session = newSession();
        post(
                shop,
                event(session, "page", "view", T0.plusSeconds(9)),
                event(session, "page", "view", T0),
                event(session, "form", "submit", T0.plusSeconds(4)));

        JsonNode summary = json(get(shop, "/sessions/" + session));

        assertThat(summary.get("session_id").stringValue()).isEqualTo(session);
        assertThat(summary.get("first_timestamp").stringValue()).isEqualTo("2024-03-01T10:00:00.000001Z");
        assertThat(summary.get("last_timestamp").stringValue()).isEqualTo("2024-03-01T10:00:09.000001Z");
        assertThat(summary.get("events").asLong()).isEqualTo(3);
        assertThat(summary.get("categories").get("page").asLong()).isEqualTo(2);
        assertThat(summary.get("categories").get("form").asLong()).isEqualTo(1);
        assertThat(timestamps(json(get(shop, "/sessions/" + session + "/events?category=page&order=desc"))))
                .containsExactly("2024-03-01T10:00:09.000001Z", "2024-03-01T10:00:00.000001Z");
    }

    @Test
    void listsTheClientsRejectedEventsWithTheirErrorsPageByPage() {
        String marker = newSession();
        Instant before = Instant.now().minusSeconds(1);
        for (int i = 0; i < 3; i++) {
            api.postEvents(shop, "{\"session_id\": \"" + marker + "\", \"category\": \"c\"}");
        }
        api.postEvents(blog, "{\"session_id\": \"" + marker + "\"}");

        String path = "/rejected-events?limit=2&from=" + encode(before);
        JsonNode first = json(get(shop, path));
        JsonNode second = json(get(shop, path + "&cursor=" + first.get("next").stringValue()));

        List<JsonNode> rows = new ArrayList<>();
        first.get("results").forEach(rows::add);
        second.get("results").forEach(rows::add);
        List<JsonNode> ours = rows.stream()
                .filter(r -> r.get("raw").stringValue().contains(marker))
                .toList();
        assertThat(ours).hasSize(3);
        assertThat(ours.getFirst().get("errors").get(0).get("field").stringValue())
                .isEqualTo("name");
        assertThat(second.get("next").isNull()).isTrue();
    }

    @Test
    void countsEventsPerBucketAndGroup() {
        String session = newSession();
        Instant hour = Instant.parse("2022-06-01T08:00:00Z");
        post(
                shop,
                event(session, "page", "view", hour.plusSeconds(60)),
                event(session, "page", "click", hour.plusSeconds(120)),
                event(session, "form", "submit", hour.plusSeconds(3600 + 5)),
                event(session, "page", "view", hour.plusSeconds(7200)));

        JsonNode byCategory = json(get(
                shop,
                "/stats?interval=hour&session_id=" + session + "&from=" + encode(hour) + "&to="
                        + encode(hour.plusSeconds(7200))));
        JsonNode byBoth = json(get(
                shop,
                "/stats?interval=day&group_by=category,name&session_id=" + session + "&from=" + encode(hour) + "&to="
                        + encode(hour.plusSeconds(86400))));

        assertThat(byCategory.get("results").toString())
                .isEqualTo("[{\"bucket\":\"2022-06-01T08:00:00.000000Z\",\"category\":\"page\",\"count\":2},"
                        + "{\"bucket\":\"2022-06-01T09:00:00.000000Z\",\"category\":\"form\",\"count\":1}]");
        assertThat(byBoth.get("results")).hasSize(3);
        assertThat(byBoth.get("results").get(0).get("bucket").stringValue()).isEqualTo("2022-06-01T00:00:00.000000Z");
    }

    @Test
    void refusesStatsWithMoreBucketsAndGroupsThanTheLimitNamingTheInterval() {
        String session = newSession();
        Instant hour = Instant.parse("2022-07-01T08:00:00Z");
        post(
                shop,
                IntStream.rangeClosed(0, MAX_STATS_RESULTS)
                        .mapToObj(i -> event(session, "page", "name " + i, hour.plusSeconds(i)))
                        .toArray(String[]::new));
        String range = "&session_id=" + session + "&from=" + encode(hour) + "&to=" + encode(hour.plusSeconds(3600));

        HttpResponse<String> byName = get(shop, "/stats?interval=hour&group_by=name" + range);
        HttpResponse<String> byCategory = get(shop, "/stats?interval=hour" + range);

        assertThat(byName.statusCode()).isEqualTo(400);
        assertThat(field(byName)).isEqualTo("interval");
        assertThat(byCategory.statusCode()).isEqualTo(200);
        assertThat(json(byCategory).get("results").get(0).get("count").longValue())
                .isEqualTo(MAX_STATS_RESULTS + 1);
    }

    @Test
    void cutsBucketsAndRangesExactlyToTheMicrosecondBeforeAndAfter1970() {
        String session = newSession();
        Instant midnight = Instant.parse("1970-01-01T00:00:00Z");
        post(
                shop,
                event(session, "c", "last of 1969", midnight.minusNanos(1000)),
                event(session, "c", "first of 1970", midnight),
                event(session, "c", "a microsecond later", midnight.plusNanos(1000)));

        JsonNode days = json(get(
                shop,
                "/stats?interval=day&group_by=name&session_id=" + session + "&from="
                        + encode(midnight.minusSeconds(86400)) + "&to=" + encode(midnight.plusSeconds(86400))));
        JsonNode from1970 = json(get(shop, "/events?session_id=" + session + "&from=" + encode(midnight)));
        JsonNode before1970 =
                json(get(shop, "/events?session_id=" + session + "&to=" + encode(midnight) + "&order=desc"));

        assertThat(days.get("results").toString())
                .isEqualTo("[{\"bucket\":\"1969-12-31T00:00:00.000000Z\",\"name\":\"last of 1969\",\"count\":1},"
                        + "{\"bucket\":\"1970-01-01T00:00:00.000000Z\",\"name\":\"a microsecond later\",\"count\":1},"
                        + "{\"bucket\":\"1970-01-01T00:00:00.000000Z\",\"name\":\"first of 1970\",\"count\":1}]");
        assertThat(timestamps(from1970)).containsExactly("1970-01-01T00:00:00.000000Z", "1970-01-01T00:00:00.000001Z");
        assertThat(timestamps(before1970)).containsExactly("1969-12-31T23:59:59.999999Z");
    }

    @Test
    void exportsEveryMatchingEventAsNdjsonAndCsv() {
        String session = newSession();
        post(shop, event(session, "page", "view", T0.plusSeconds(2)), event(session, "page", "view", T0), """
                {"session_id": "%s", "category": "a, \\"quoted\\" one", "name": "n", "data": {"k": "x,y"}, "timestamp": "%s"}""".formatted(
                        session, T0.plusSeconds(1)));

        HttpResponse<String> ndjson = get(shop, "/events/export?session_id=" + session);
        HttpResponse<String> csv = get(shop, "/events/export?format=csv&session_id=" + session);

        assertThat(ndjson.statusCode()).isEqualTo(200);
        assertThat(ndjson.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/x-ndjson");
        List<String> lines = ndjson.body().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(ApiClient.json(lines.get(1)).get("category").stringValue()).isEqualTo("a, \"quoted\" one");
        assertThat(ApiClient.json(lines.get(0)).get("timestamp").stringValue())
                .isEqualTo("2024-03-01T10:00:00.000001Z");
        List<String> rows = csv.body().lines().toList();
        assertThat(rows.getFirst())
                .isEqualTo("id,session_id,category,name,timestamp,received_at,data,original_timestamp");
        assertThat(rows).hasSize(4);
        assertThat(rows.get(2))
                .contains(",\"a, \"\"quoted\"\" one\",n,2024-03-01T10:00:01.000001Z,")
                .containsPattern(",\"\\{\"\"k\"\": ?\"\"x,y\"\"}\",$");
        assertThat(get(blog, "/events/export?session_id=" + session).body()).isEmpty();
    }

    @Test
    void readsBackAndExportsTheTimestampAsSentOfAnEventCorrectedForItsSendersClock() {
        String session = newSession();
        // A device whose clock stood at T0 when it sent, long before now: its timestamp moves to the receipt time.
        HttpResponse<String> sent = post(shop, """
                {"session_id": "%s", "category": "page", "name": "view", "timestamp": "%s", "sent_at": "%s"}""".formatted(session, T0, T0));
        String id = ApiClient.json(sent).get("ids").get(0).stringValue();

        JsonNode event = json(get(shop, "/events/" + id));
        JsonNode listed =
                json(get(shop, "/events?session_id=" + session)).get("results").get(0);
        JsonNode exported = ApiClient.json(
                get(shop, "/events/export?session_id=" + session).body().strip());
        List<String> csv = get(shop, "/events/export?format=csv&session_id=" + session)
                .body()
                .lines()
                .toList();

        for (JsonNode read : List.of(event, listed, exported)) {
            assertThat(read.get("original_timestamp").stringValue()).isEqualTo("2024-03-01T10:00:00.000001Z");
            assertThat(read.get("timestamp").stringValue())
                    .isEqualTo(read.get("received_at").stringValue());
        }
        assertThat(csv).hasSize(2);
        assertThat(csv.get(1)).endsWith(",{},2024-03-01T10:00:00.000001Z");
        assertThat(csv.get(1)).contains("," + event.get("timestamp").stringValue() + ",");
    }

    @Test
    void exportsCsvCellsASpreadsheetWouldReadAsFormulasWithALeadingQuoteAndNdjsonAsStored() {
        String session = "@" + newSession();
        post(shop, event(session, "=HYPERLINK(1)", "-2+3", T0));

        HttpResponse<String> csv = get(shop, "/events/export?format=csv&session_id=" + session);
        HttpResponse<String> ndjson = get(shop, "/events/export?session_id=" + session);

        assertThat(csv.body().lines().skip(1).toList())
                .singleElement()
                .asString()
                .contains(",'" + session + ",'=HYPERLINK(1),'-2+3,2024-03-01T10:00:00.000001Z,");
        JsonNode stored = ApiClient.json(ndjson.body().strip());
        assertThat(stored.get("session_id").stringValue()).isEqualTo(session);
        assertThat(stored.get("category").stringValue()).isEqualTo("=HYPERLINK(1)");
        assertThat(stored.get("name").stringValue()).isEqualTo("-2+3");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/events?from=yesterday                                   | from",
                "/events?to=2024-13-01T00:00:00Z                          | to",
                "/events?to=%2B300000-01-01T00:00:00Z                     | to",
                "/events?from=-999999999-01-01T00:00:00Z                  | from",
                "/events?from=2024-03-02T00:00:00Z&to=2024-03-01T00:00:00Z | from",
                "/events?from=2024-03-01T00:00:00Z&to=2024-03-01T00:00:00Z | from",
                "/events?limit=0                                          | limit",
                "/events?limit=1001                                       | limit",
                "/events?limit=ten                                        | limit",
                "/events?order=sideways                                   | order",
                "/events?cursor=bm90LWEtY3Vyc29y                          | cursor",
                "/events?cursor=%25%25%25                                 | cursor",
                "/events?sessionid=abc                                    | sessionid",
                "/events?category=a&category=b                            | category",
                "/events?client_id=shop                                   | client_id",
                "/events?category=                                        | category",
                "/sessions/s/events?session_id=s                          | session_id",
                "/rejected-events?limit=5000                              | limit",
                "/stats?to=2024-03-01T00:00:00Z                           | from",
                "/stats?from=2024-03-01T00:00:00Z                         | to",
                "/stats?from=2024-01-01T00:00:00Z&to=2024-02-01T00:00:00Z&interval=week | interval",
                "/stats?from=2023-01-01T00:00:00Z&to=2024-01-01T00:00:00Z&interval=minute | interval",
                "/stats?from=2024-01-01T00:00:00Z&to=2024-02-01T00:00:00Z&group_by=colour | group_by",
                "/events/export?format=xml                                | format",
                "/events/export?limit=5                                   | limit",
                "/events/01a22015-06a7-725f-b527-8a8a1c0df8ee?x=1         | x",
            })
    void answersABadParameterWith400NamingIt(String path, String parameter) {
        HttpResponse<String> response = get(shop, path);

        assertThat(response.statusCode()).as(path).isEqualTo(400);
        assertThat(field(response)).isEqualTo(parameter);
    }

    @Test
    void refusesACursorMadeForAnotherQuery() {
        String session = newSession();
        post(shop, event(session, "page", "view", T0), event(session, "page", "view", T0.plusSeconds(1)));
        String next = json(get(shop, "/events?limit=1&session_id=" + session))
                .get("next")
                .stringValue();

        HttpResponse<String> response =
                get(shop, "/events?limit=1&category=page&session_id=" + session + "&cursor=" + next);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(field(response)).isEqualTo("cursor");
        assertThat(get(blog, "/events?limit=1&session_id=" + session + "&cursor=" + next)
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void refusesReadsWithoutToken() {
        assertThat(api.send("GET", "/events", null, Map.of()).statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> post(String token, String... events) {
        HttpResponse<String> response = api.postEvents(token, "[" + String.join(",", events) + "]");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return response;
    }

    private HttpResponse<String> get(String token, String path) {
        return api.send("GET", path, null, Map.of("Authorization", "Bearer " + token));
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return ApiClient.json(response);
    }

    private static String field(HttpResponse<String> response) {
        return ApiClient.json(response).get("errors").get(0).get("field").stringValue();
    }

    private static List<String> timestamps(JsonNode page) {
        List<String> timestamps = new ArrayList<>();
        page.get("results").forEach(e -> timestamps.add(e.get("timestamp").stringValue()));
        return timestamps;
    }

    private static String event(String session, String category, String name, Instant timestamp) {
        return """
                {"session_id": "%s", "category": "%s", "name": "%s", "data": {"path": "/"}, "timestamp": "%s"}""".formatted(session, category, name, timestamp);
    }

    private static String newSession() {
        return UUID.randomUUID().toString();
    }

    private static String encode(Instant instant) {
        return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
    }
}
