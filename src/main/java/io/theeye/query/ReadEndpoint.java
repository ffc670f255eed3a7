package io.theeye.query;

import java.util.List;

/**
 * The query parameters each read endpoint takes, and those it requires: what {@link QueryParameters} lets through and
 * what the OpenAPI document lists come from this one table, so the two cannot drift apart.
 */
enum ReadEndpoint {
    EVENTS(
            "/events",
            List.of(),
            "session_id",
            "category",
            "name",
            "from",
            "to",
            "limit",
            "order",
            "cursor",
            "client_id"),
    EVENT("/events/{id}", List.of()),
    EXPORT("/events/export", List.of(), "format", "session_id", "category", "name", "from", "to", "order", "client_id"),
    SESSION("/sessions/{sessionId}", List.of(), "client_id"),
    SESSION_EVENTS(
            "/sessions/{sessionId}/events",
            List.of(),
            "category",
            "name",
            "from",
            "to",
            "limit",
            "order",
            "cursor",
            "client_id"),
    STATS(
            "/stats",
            List.of("from", "to"),
            "from",
            "to",
            "interval",
            "group_by",
            "session_id",
            "category",
            "name",
            "client_id"),
    REJECTED_EVENTS("/rejected-events", List.of(), "from", "to", "limit", "order", "cursor", "client_id");

    private final String path;
    private final List<String> required;
    private final List<String> parameters;

    ReadEndpoint(String path, List<String> required, String... parameters) {
        this.path = path;
        this.required = required;
        this.parameters = List.of(parameters);
        if (!this.parameters.containsAll(required)) {
            throw new IllegalArgumentException(path + ": a required parameter is not among its parameters");
        }
    }

    /** The path as the OpenAPI document names it. */
    String path() {
        return path;
    }

    /** Every parameter the endpoint takes, in the order the document lists them. */
    List<String> parameters() {
        return parameters;
    }

    /** The parameters a request must give, checked in this order. */
    List<String> required() {
        return required;
    }
}
