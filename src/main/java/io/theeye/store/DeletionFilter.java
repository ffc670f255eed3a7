package io.theeye.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Which of a client's events a deletion removes: every filter given must match (AND). Sessions are any of
 * {@code sessionIds}; {@code from} is inclusive and {@code to} exclusive, on an event's timestamp and on a refused
 * event's receipt; {@code data} is one value in {@code data}. A filter with none of them is refused: it would remove
 * all the client's events.
 *
 * <p>Fields are named in refusals as the API names them ({@code session_ids}, {@code data_path}, {@code equals});
 * the command line turns them into its options.
 */
public record DeletionFilter(
        UUID clientId,
        List<String> sessionIds,
        Instant from,
        Instant to,
        String category,
        String name,
        DataCondition data) {

    /** The most session ids one deletion takes. */
    public static final int MOST_SESSIONS = 1000;

    /** The longest session id, category or name, as events hold them. */
    public static final int LONGEST_TEXT = 128;

    /**
     * @throws ClientRules.Violation naming the first field at fault, or {@code filter} when none is given
     */
    public DeletionFilter {
        if (clientId == null) {
            throw new ClientRules.Violation("client_id", "required");
        }
        sessionIds = sessionIds == null ? List.of() : List.copyOf(new LinkedHashSet<>(sessionIds));
        if (sessionIds.size() > MOST_SESSIONS) {
            throw new ClientRules.Violation("session_ids", "at most " + MOST_SESSIONS + " session ids");
        }
        for (String sessionId : sessionIds) {
            text("session_ids", sessionId);
        }
        text("category", category);
        text("name", name);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new ClientRules.Violation("to", "must be after from");
        }
        if (sessionIds.isEmpty() && from == null && to == null && category == null && name == null && data == null) {
            throw new ClientRules.Violation(
                    "filter",
                    "name at least one of session_ids, from, to, category, name or data_path with equals: a deletion"
                            + " of all a client's events is refused");
        }
    }

    private static void text(String field, String value) {
        if (value != null && (value.isEmpty() || value.codePointCount(0, value.length()) > LONGEST_TEXT)) {
            throw new ClientRules.Violation(field, "1 to " + LONGEST_TEXT + " characters");
        }
    }

    /** Whether only the time range is given: refused events then match by their receipt alone. */
    boolean timeOnly() {
        return sessionIds.isEmpty() && category == null && name == null && data == null;
    }

    /** The filter as the audit log records it and the API would send it (only the fields given). */
    public Map<String, Object> describe() {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (!sessionIds.isEmpty()) {
            fields.put("session_ids", sessionIds);
        }
        if (from != null) {
            fields.put("from", from.toString());
        }
        if (to != null) {
            fields.put("to", to.toString());
        }
        if (category != null) {
            fields.put("category", category);
        }
        if (name != null) {
            fields.put("name", name);
        }
        if (data != null) {
            fields.put("data_path", data.path());
            fields.put("equals", data.value());
        }
        return fields;
    }
}
