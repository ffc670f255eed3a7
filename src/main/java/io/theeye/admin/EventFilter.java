package io.theeye.admin;

import io.theeye.event.Event;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What the explorer and the live tail show: every field optional, values matched exactly, {@code from} inclusive
 * and {@code to} exclusive.
 */
record EventFilter(UUID clientId, String sessionId, String category, String name, Instant from, Instant to) {

    EventFilter {
        sessionId = blankToNull(sessionId);
        category = blankToNull(category);
        name = blankToNull(name);
    }

    boolean matches(Event event) {
        return (clientId == null || clientId.equals(event.clientId()))
                && (sessionId == null || sessionId.equals(event.sessionId()))
                && (category == null || category.equals(event.category()))
                && (name == null || name.equals(event.name()))
                && (from == null || !event.timestamp().isBefore(from))
                && (to == null || event.timestamp().isBefore(to));
    }

    /** The filter as query parameters, for links that keep it. */
    Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (clientId != null) {
            parameters.put("client", clientId.toString());
        }
        put(parameters, "session", sessionId);
        put(parameters, "category", category);
        put(parameters, "name", name);
        if (from != null) {
            parameters.put("from", Formats.INSTANCE.isoInstant(from));
        }
        if (to != null) {
            parameters.put("to", Formats.INSTANCE.isoInstant(to));
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
}
