package io.theeye.ingest;

import io.theeye.event.FieldError;
import io.theeye.system.ApiError;
import io.theeye.system.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Segment's HTTP tracking API ({@code /v1/batch}, {@code /v1/track}, ...): its bodies mapped by {@link
 * SegmentMessages} and checked as {@code POST /events} checks events. Answered {@code 200 {"success": true}} once
 * durable, with The Eye's {@code accepted}, {@code ids} and per-message {@code rejected} added; 400 with {@code
 * "success": false} and the same fields when no message was valid.
 */
final class SegmentProtocol implements IngestProtocol {

    /** The last segment of each path, and the message type it implies (null: a batch). */
    private static final Map<String, String> PATHS = Map.ofEntries(
            Map.entry("track", "track"),
            Map.entry("t", "track"),
            Map.entry("page", "page"),
            Map.entry("p", "page"),
            Map.entry("screen", "screen"),
            Map.entry("s", "screen"),
            Map.entry("identify", "identify"),
            Map.entry("i", "identify"),
            Map.entry("group", "group"),
            Map.entry("g", "group"),
            Map.entry("alias", "alias"),
            Map.entry("a", "alias"));

    private static final List<String> BATCHES = List.of("batch", "b", "import");

    /** The paths served, as servlet URL patterns. */
    static List<String> urlPatterns() {
        List<String> patterns = new ArrayList<>();
        PATHS.keySet().forEach(path -> patterns.add("/v1/" + path));
        BATCHES.forEach(path -> patterns.add("/v1/" + path));
        return patterns.stream().sorted().toList();
    }

    /** What a Segment path answers. */
    record SegmentResponse(boolean success, int accepted, List<String> ids, List<IngestResponse.Rejection> rejected) {}

    private final EventIntake intake;
    private final ObjectReader reader;
    private final IngestProperties limits;

    SegmentProtocol(EventIntake intake, JsonMapper json, IngestProperties limits) {
        this.intake = intake;
        this.reader = EventParser.reader(json);
        this.limits = limits;
    }

    @Override
    public boolean acceptsTextPlain() {
        return true;
    }

    @Override
    public boolean keyInBody() {
        return true;
    }

    @Override
    public Body read(HttpServletRequest request, byte[] body, Instant receivedAt) {
        String uri = request.getRequestURI();
        String last = uri.substring(uri.lastIndexOf('/') + 1);
        boolean batch = BATCHES.contains(last);
        String type = PATHS.get(last);
        if (!batch && type == null) {
            throw invalid("path", "is not a Segment tracking-API path");
        }
        JsonNode root = parse(body);
        if (!root.isObject()) {
            throw invalid("body", "must be a JSON object");
        }
        List<JsonNode> messages = new ArrayList<>();
        if (batch) {
            JsonNode list = root.get("batch");
            if (list == null || !list.isArray() || list.isEmpty() || list.size() > limits.maxBatchEvents()) {
                throw invalid("batch", "must be an array of 1 to " + limits.maxBatchEvents() + " messages");
            }
            list.forEach(messages::add);
        } else {
            messages.add(root);
        }
        JsonNode key = root.get("writeKey");
        String writeKey = key != null && key.isString() ? key.stringValue() : null;
        JsonNode sentAt = batch ? root.get("sentAt") : null;
        return new Body() {
            @Override
            public String writeKey() {
                return writeKey;
            }

            @Override
            public EventIntake.Intake accept(UUID clientId, Instant at) {
                List<SegmentMessages.Mapped> mapped = messages.stream()
                        .map(message -> SegmentMessages.map(message, type, clientId, sentAt))
                        .toList();
                EventIntake.Intake accepted = intake.acceptMapped(mapped, clientId, at);
                IngestResponse events = (IngestResponse) accepted.body();
                boolean success = accepted.accepted() > 0;
                return new EventIntake.Intake(
                        success ? HttpStatus.OK : HttpStatus.BAD_REQUEST,
                        new SegmentResponse(success, events.accepted(), events.ids(), events.rejected()),
                        accepted.stored(),
                        accepted.storeRequired(),
                        accepted.events(),
                        accepted.accepted());
            }
        };
    }

    private JsonNode parse(byte[] body) {
        int malformed = Utf8.firstMalformed(body);
        if (malformed >= 0) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    ApiError.of("malformed_json", "body", "malformed JSON: not UTF-8 at byte " + malformed));
        }
        try {
            JsonNode root = reader.readValue(body);
            if (root == null || root.isMissingNode()) {
                throw invalid("body", "is empty");
            }
            return root;
        } catch (JacksonException | NumberFormatException e) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST, ApiError.of("malformed_json", "body", "malformed JSON: " + e.getMessage()));
        }
    }

    private static ApiException invalid(String field, String message) {
        FieldError error = new FieldError(field, message);
        return new ApiException(
                HttpStatus.BAD_REQUEST, new ApiError("invalid_body", field + ": " + message, List.of(error)));
    }
}
