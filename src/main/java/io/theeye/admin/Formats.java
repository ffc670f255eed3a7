package io.theeye.admin;

import io.theeye.event.Event;
import io.theeye.event.EventTimestamps;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** How the pages write instants, durations and JSON; templates call it as {@code fmt}. */
final class Formats {

    static final Formats INSTANCE = new Formats();

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Indented, with {@code "name": value} as people write it (Jackson's default puts a space before the colon). */
    private static final ObjectWriter PRETTY = JSON.writer()
            .with(new DefaultPrettyPrinter(
                    Separators.createDefaultInstance().withObjectNameValueSpacing(Separators.Spacing.AFTER)));

    private Formats() {}

    /** To the second, in UTC: for tables. */
    public String instant(Instant instant) {
        return instant == null ? "" : SECONDS.format(instant);
    }

    /** To the microsecond, ISO-8601, as the API writes it. */
    public String isoInstant(Instant instant) {
        return instant == null ? "" : EventTimestamps.format(instant);
    }

    /** A short duration for people: {@code 950 µs}, {@code 12 ms}, {@code 4.2 s}, {@code 3 min 5 s}, {@code 2 h 1 min}. */
    public String duration(Duration duration) {
        long micros = duration.toNanos() / 1000;
        if (micros < 1000) {
            return micros + " µs";
        }
        if (micros < 1_000_000) {
            return micros / 1000 + " ms";
        }
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return String.format("%.1f s", micros / 1e6);
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
        }
        return seconds / 86_400 + " d " + seconds % 86_400 / 3600 + " h";
    }

    /**
     * Whole seconds for people, as the dashboard's script writes them too: {@code 12 s}, {@code 3 min 5 s},
     * {@code 2 h 1 min}, {@code 1 d 3 h}.
     */
    public String seconds(double value) {
        long seconds = Math.max(0, Math.round(value));
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min " + seconds % 60 + " s";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
        }
        return seconds / 86_400 + " d " + seconds % 86_400 / 3600 + " h";
    }

    /** The event as the API returns it, with its client, indented for reading. */
    public String eventJson(Event event) {
        ObjectNode json = JSON.createObjectNode();
        json.put("id", event.id().toString());
        json.put("client_id", event.clientId().toString());
        json.put("session_id", event.sessionId());
        json.put("category", event.category());
        json.put("name", event.name());
        json.set("data", JSON.readTree(event.data()));
        json.put("timestamp", isoInstant(event.timestamp()));
        json.put("received_at", isoInstant(event.receivedAt()));
        json.put(
                "original_timestamp", event.originalTimestamp() == null ? null : isoInstant(event.originalTimestamp()));
        return PRETTY.writeValueAsString(json);
    }

    /** A path with query parameters, each value encoded whole (a {@code +} in a value stays a plus). */
    public String link(String path, Map<String, String> parameters) {
        return parameters.isEmpty()
                ? path
                : path + "?"
                        + parameters.entrySet().stream()
                                .map(p -> p.getKey() + "=" + URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8))
                                .collect(Collectors.joining("&"));
    }

    /** JSON text indented for reading; text that is not JSON as it is. */
    public String prettyJson(String json) {
        try {
            return PRETTY.writeValueAsString(JSON.readTree(json));
        } catch (JacksonException e) {
            return json;
        }
    }
}
