package io.theeye.admin;

import io.theeye.event.EventFilter;
import io.theeye.event.EventTimestamps;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The filter fields of the explorer's and the live tail's forms, as typed, and the filter they make. Times are UTC
 * unless they carry an offset; the browser's date-time field leaves the seconds out, which is accepted.
 */
record FilterForm(String client, String session, String category, String name, String from, String to) {

    /** The filter, or the errors that keep the form from making one. */
    Result parse() {
        List<String> errors = new ArrayList<>();
        UUID clientId = null;
        if (client != null && !client.isBlank()) {
            try {
                clientId = UUID.fromString(client.strip());
            } catch (IllegalArgumentException e) {
                errors.add("client: not a client_id");
            }
        }
        Instant start = instant("from", from, errors);
        Instant end = instant("to", to, errors);
        if (start != null && end != null && !start.isBefore(end)) {
            errors.add("from must be before to");
        }
        EventFilter filter = errors.isEmpty() ? filter(clientId, session, category, name, start, end) : null;
        return new Result(filter, errors);
    }

    /** A filter of the typed values: a field left blank filters nothing, the others are matched stripped. */
    static EventFilter filter(UUID clientId, String session, String category, String name, Instant from, Instant to) {
        return new EventFilter(clientId, blankToNull(session), blankToNull(category), blankToNull(name), from, to);
    }

    /** The filter as query parameters, for links that keep it. */
    static Map<String, String> parameters(EventFilter filter) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (filter.clientId() != null) {
            parameters.put("client", filter.clientId().toString());
        }
        put(parameters, "session", filter.sessionId());
        put(parameters, "category", filter.category());
        put(parameters, "name", filter.name());
        if (filter.from() != null) {
            parameters.put("from", Formats.INSTANCE.isoInstant(filter.from()));
        }
        if (filter.to() != null) {
            parameters.put("to", Formats.INSTANCE.isoInstant(filter.to()));
        }
        return parameters;
    }

    private static void put(Map<String, String> parameters, String key, String value) {
        if (value != null) {
            parameters.put(key, value);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Instant instant(String field, String text, List<String> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        if (value.matches("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}")) {
            value = value + ":00";
        }
        try {
            return EventTimestamps.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(field + ": " + EventTimestamps.EXPECTED);
            return null;
        }
    }

    /** @param filter null when there are errors */
    record Result(EventFilter filter, List<String> errors) {}
}
