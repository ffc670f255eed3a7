package io.theeye.query;

import io.theeye.event.EventTimestamps;
import io.theeye.system.ApiError;
import io.theeye.system.ApiException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.http.HttpStatus;

/**
 * A request's query parameters, read strictly: an unknown or repeated parameter, or a value that cannot be read, is a
 * 400 naming the parameter, so that a typo never silently widens a query.
 */
final class QueryParameters {

    private final Map<String, String[]> values;

    /** Checks the request against the endpoint's parameters: none unknown, none repeated, every required one given. */
    QueryParameters(Map<String, String[]> values, ReadEndpoint endpoint) {
        this.values = values;
        List<String> allowed = endpoint.parameters();
        for (Map.Entry<String, String[]> entry : values.entrySet()) {
            if (!allowed.contains(entry.getKey())) {
                throw invalid(entry.getKey(), "unknown parameter; allowed: " + String.join(", ", sorted(allowed)));
            }
            if (entry.getValue().length > 1) {
                throw invalid(entry.getKey(), "must be given once");
            }
        }
        for (String name : endpoint.required()) {
            if (!values.containsKey(name)) {
                throw invalid(name, "is required");
            }
        }
    }

    String text(String name) {
        String[] value = values.get(name);
        if (value == null) {
            return null;
        }
        if (value[0].isEmpty()) {
            throw invalid(name, "must not be empty");
        }
        return value[0];
    }

    Instant instant(String name) {
        String text = text(name);
        if (text == null) {
            return null;
        }
        try {
            return EventTimestamps.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(name, EventTimestamps.EXPECTED);
        }
    }

    UUID uuid(String name) {
        String text = text(name);
        try {
            return text == null ? null : UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw invalid(name, "must be a UUID");
        }
    }

    int integer(String name, int fallback, int min, int max) {
        String text = text(name);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw invalid(name, "must be a whole number from " + min + " to " + max);
    }

    /** One of the given words, or the first of them when the parameter is absent. */
    String choice(String name, String... choices) {
        String text = text(name);
        if (text == null) {
            return choices[0];
        }
        for (String choice : choices) {
            if (choice.equals(text)) {
                return text;
            }
        }
        throw invalid(name, "must be one of " + String.join(", ", choices));
    }

    /**
     * The {@code cursor} parameter, checked to belong to this query.
     *
     * @param query what the cursor must have been made for
     * @param idCheck throws {@link IllegalArgumentException} when the cursor's id is not of the query's kind
     */
    Cursor cursor(String query, Consumer<String> idCheck) {
        String token = text("cursor");
        if (token == null) {
            return null;
        }
        try {
            Cursor cursor = Cursor.decode(token, query);
            idCheck.accept(cursor.id());
            return cursor;
        } catch (IllegalArgumentException e) {
            // Only "made for another query" is worth telling apart; anything else is simply not a cursor of ours.
            throw invalid("cursor", Cursor.OTHER_QUERY.equals(e.getMessage()) ? Cursor.OTHER_QUERY : Cursor.NOT_OURS);
        }
    }

    /** Checks that {@code from} is before {@code to} when both are given. */
    static void requireOrdered(Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw invalid("from", "must be before to");
        }
    }

    static ApiException invalid(String name, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, ApiError.of("invalid_parameter", name, message));
    }

    private static Iterable<String> sorted(List<String> names) {
        return names.stream().sorted().toList();
    }
}
