package io.theeye.query;

import io.theeye.auth.AuthenticatedClient;
import io.theeye.event.EventFilter;
import io.theeye.event.EventTimestamps;
import io.theeye.store.EventStats;
import io.theeye.store.Interval;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /stats}: event counts per minute, hour or day, by category and/or name. */
@RestController
@ConditionalOnWebApplication
class StatsController {

    /** Bounds a response: a year by the minute would be half a million buckets per group. */
    static final int MAX_BUCKETS = 10_000;

    private final EventStats stats;
    private final int maxResults;

    StatsController(EventStats stats, QueryProperties properties) {
        this.stats = stats;
        this.maxResults = properties.maxStatsResults();
    }

    @GetMapping("/stats")
    Map<String, Object> stats(@AuthenticationPrincipal AuthenticatedClient client, HttpServletRequest request) {
        QueryParameters params = new QueryParameters(request.getParameterMap(), ReadEndpoint.STATS);
        Instant from = params.instant("from");
        Instant to = params.instant("to");
        QueryParameters.requireOrdered(from, to);
        Interval interval = Interval.valueOf(
                params.choice("interval", "hour", "minute", "day").toUpperCase(Locale.ROOT));
        if (Duration.between(from, to).dividedBy(interval.length()) > MAX_BUCKETS) {
            throw QueryParameters.invalid(
                    "interval", "gives more than " + MAX_BUCKETS + " buckets from from to to; choose a longer one");
        }
        List<String> groupBy = groupBy(params.text("group_by"));
        EventFilter filter = new EventFilter(
                EventPager.scope(client, params),
                params.text("session_id"),
                params.text("category"),
                params.text("name"),
                from,
                to);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("from", EventTimestamps.format(from));
        response.put("to", EventTimestamps.format(to));
        response.put("interval", interval.text());
        response.put("group_by", groupBy);
        List<Map<String, Object>> results = stats.counts(filter, interval, groupBy, maxResults).stream()
                .map(StatsController::row)
                .toList();
        if (results.size() > maxResults) {
            throw QueryParameters.invalid(
                    "interval",
                    "gives more than " + maxResults
                            + " buckets and groups with events from from to to; choose a longer one, a shorter range"
                            + " or fewer groups");
        }
        response.put("results", results);
        return response;
    }

    private static Map<String, Object> row(EventStats.BucketCount count) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("bucket", EventTimestamps.format(count.bucket()));
        row.putAll(count.groups());
        row.put("count", count.count());
        return row;
    }

    private static List<String> groupBy(String text) {
        if (text == null) {
            return List.of("category");
        }
        List<String> columns =
                Arrays.stream(text.split(",", -1)).map(String::strip).toList();
        if (columns.stream().anyMatch(c -> !EventStats.GROUPS.contains(c))
                || columns.stream().distinct().count() != columns.size()) {
            throw QueryParameters.invalid("group_by", "must be category, name or category,name");
        }
        return columns;
    }
}
