package io.theeye.deletion;

import io.theeye.event.EventTimestamps;
import io.theeye.store.ClientRules;
import io.theeye.store.DataCondition;
import io.theeye.store.DeletionFilter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code DELETE /events} made a {@link DeletionFilter}: {@code session_ids}, {@code from}, {@code to},
 * {@code category}, {@code name}, {@code data_path} with {@code equals}. Every refusal names the field.
 */
final class DeletionRequest {

    static final Set<String> FIELDS = Set.of("session_ids", "from", "to", "category", "name", "data_path", "equals");

    private DeletionRequest() {}

    /**
     * @throws ClientRules.Violation naming the field at fault ({@code body} when it is no JSON object)
     */
    static DeletionFilter filter(UUID clientId, JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            return new DeletionFilter(clientId, List.of(), null, null, null, null, null);
        }
        if (!body.isObject()) {
            throw violation("body", "must be a JSON object of filters");
        }
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (!FIELDS.contains(field.getKey())) {
                throw violation(field.getKey(), "is not a filter; the filters are " + String.join(", ", sorted()));
            }
        }
        List<String> sessions = new ArrayList<>();
        JsonNode sessionIds = body.get("session_ids");
        if (sessionIds != null && !sessionIds.isNull()) {
            if (!sessionIds.isArray() || sessionIds.isEmpty()) {
                throw violation("session_ids", "must be a non-empty array of session ids");
            }
            for (JsonNode sessionId : sessionIds) {
                if (!sessionId.isString()) {
                    throw violation("session_ids", "must hold only strings");
                }
                sessions.add(sessionId.stringValue());
            }
        }
        String dataPath = text(body, "data_path");
        JsonNode equals = body.get("equals");
        DataCondition data = null;
        if (dataPath != null || equals != null) {
            if (dataPath == null) {
                throw violation("data_path", "required with equals");
            }
            if (equals == null) {
                throw violation("equals", "required with data_path");
            }
            data = DataCondition.of(dataPath, equals, "data_path", "equals");
        }
        return new DeletionFilter(
                clientId,
                sessions,
                instant(body, "from"),
                instant(body, "to"),
                text(body, "category"),
                text(body, "name"),
                data);
    }

    private static List<String> sorted() {
        return FIELDS.stream().sorted().toList();
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw violation(field, "must be a string");
        }
        return value.stringValue();
    }

    private static Instant instant(JsonNode body, String field) {
        String text = text(body, field);
        try {
            return text == null ? null : EventTimestamps.parse(text);
        } catch (DateTimeParseException e) {
            throw violation(field, EventTimestamps.EXPECTED);
        }
    }

    private static ClientRules.Violation violation(String field, String problem) {
        return ClientRules.violation(field, problem);
    }
}
