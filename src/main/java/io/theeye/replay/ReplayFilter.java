package io.theeye.replay;

import java.time.Instant;
import java.util.UUID;

/**
 * Which refused events a replay takes; every part is optional (null: any).
 *
 * @param clientId the client that sent them
 * @param category their category, as sent
 * @param name their name, as sent
 * @param from received at or after it
 * @param to received before it
 */
public record ReplayFilter(UUID clientId, String category, String name, Instant from, Instant to) {

    /** Every refused event. */
    public static final ReplayFilter ALL = new ReplayFilter(null, null, null, null, null);

    public ReplayFilter {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from must be before to");
        }
    }

    /** How the audit log and the commands describe it. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        append(text, "client", clientId);
        append(text, "category", category);
        append(text, "name", name);
        append(text, "from", from);
        append(text, "to", to);
        return text.isEmpty() ? "all refused events" : text.toString();
    }

    private static void append(StringBuilder text, String label, Object value) {
        if (value != null) {
            text.append(text.isEmpty() ? "" : ", ").append(label).append(": ").append(value);
        }
    }
}
