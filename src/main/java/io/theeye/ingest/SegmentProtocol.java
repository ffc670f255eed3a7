package io.theeye.ingest;

import io.theeye.event.FieldError;
import io.theeye.system.ApiError;
import io.theeye.system.ApiException;
import io.theeye.validation.EventValidation;
import io.theeye.validation.Utf8;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
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

    /**
     * The patterns the endpoint is registered on: each path also with a trailing slash, as {@code POST /events/} is,
     * since Segment's Java library posts to {@code /v1/import/}.
     */
    static List<String> servedPatterns() {
        List<String> patterns = new ArrayList<>(urlPatterns());
        urlPatterns().forEach(path -> patterns.add(path + "/"));
        return List.copyOf(patterns);
    }

    /** Whether the path's last segment ({@code batch}, {@code b}, {@code import}) takes a batch. */
    static boolean isBatch(String last) {
        return BATCHES.contains(last);
    }

    /** The message type a single-message path's last segment implies ({@code t}: track), or null. */
    static String typeOf(String last) {
        return PATHS.get(last);
    }

    /** What a Segment path answers. */
    record SegmentResponse(boolean success, int accepted, List<String> ids, List<IngestResponse.Rejection> rejected) {}

    private final EventIntake intake;
    private final ObjectReader reader;
    private final IngestProperties limits;

    SegmentProtocol(EventIntake intake, JsonMapper json, IngestProperties limits) {
        this.intake = intake;
        this.reader = EventValidation.reader(json);
        this.limits = limits;
    }

    @Override
    public boolean readsSdkContentTypes() {
        return true;
    }

    @Override
    public boolean keyInBody() {
        return true;
    }

    @Override
    public boolean pathsServeOtherMethods() {
        return false;
    }

    @Override
    public Body read(HttpServletRequest request, byte[] body, Instant receivedAt) {
        String uri = request.getRequestURI();
        String path = uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
        String last = path.substring(path.lastIndexOf('/') + 1);
        boolean batch = BATCHES.contains(last);
        String type = PATHS.get(last);
        if (!batch && type == null) {
            throw invalid("path", "is not a Segment tracking-API path");
        }
        return switch (messages(body, batch)) {
            case Refused(JsonNode root, String code, String field, String message) ->
                new Answer(
                        writeKey(root),
                        (sender, at) -> intake.refuse(body, sender.clientId(), at, code, field, message));
            case Messages(JsonNode root, List<JsonNode> messages) -> {
                SegmentMessages.BatchFields fields =
                        batch ? SegmentMessages.BatchFields.of(root) : SegmentMessages.BatchFields.NONE;
                yield new Answer(
                        writeKey(root),
                        (sender, at) -> answer(intake.acceptMapped(
                                messages.stream()
                                        .map(message -> SegmentMessages.map(message, type, sender.clientId(), fields))
                                        .toList(),
                                sender,
                                at)));
            }
        };
    }

    /** A body read: the write key it names and what becomes of it once its client is known. */
    private record Answer(String writeKey, BiFunction<EventRateLimiter.Sender, Instant, EventIntake.Intake> then)
            implements Body {

        @Override
        public EventIntake.Intake accept(EventRateLimiter.Sender sender, Instant receivedAt) {
            return then.apply(sender, receivedAt);
        }
    }

    /** Segment's answer: {@code success} and the events' own answer, with its status. */
    private static EventIntake.Intake answer(EventIntake.Intake accepted) {
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

    private sealed interface Read {}

    private record Messages(JsonNode root, List<JsonNode> messages) implements Read {}

    /** A body refused as a whole; {@code root} is null when it is not JSON. */
    private record Refused(JsonNode root, String code, String field, String message) implements Read {}

    /** The body's messages: itself, or the elements of its {@code batch}. */
    private Read messages(byte[] body, boolean batch) {
        int malformed = Utf8.firstMalformed(body);
        if (malformed >= 0) {
            return new Refused(null, "malformed_json", "body", "malformed JSON: not UTF-8 at byte " + malformed);
        }
        JsonNode root;
        try {
            root = reader.readValue(body);
        } catch (JacksonException | NumberFormatException e) {
            return new Refused(null, "malformed_json", "body", "malformed JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            return new Refused(null, "malformed_json", "body", "is empty");
        }
        if (!root.isObject()) {
            return new Refused(null, "invalid_body", "body", "must be a JSON object");
        }
        if (!batch) {
            return new Messages(root, List.of(root));
        }
        JsonNode list = root.get("batch");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > limits.maxBatchEvents()) {
            return new Refused(
                    root, "invalid_body", "batch", "must be an array of 1 to " + limits.maxBatchEvents() + " messages");
        }
        List<JsonNode> messages = new ArrayList<>(list.size());
        list.forEach(messages::add);
        return new Messages(root, messages);
    }

    private static String writeKey(JsonNode root) {
        JsonNode key = root == null ? null : root.get("writeKey");
        return key != null && key.isString() ? key.stringValue() : null;
    }

    private static ApiException invalid(String field, String message) {
        FieldError error = new FieldError(field, message);
        return new ApiException(
                HttpStatus.BAD_REQUEST, new ApiError("invalid_body", field + ": " + message, List.of(error)));
    }
}
