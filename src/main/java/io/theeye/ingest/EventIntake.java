package io.theeye.ingest;

import io.theeye.deletion.Suppressions;
import io.theeye.event.Event;
import io.theeye.event.FieldError;
import io.theeye.event.IngestBatch;
import io.theeye.event.RejectedEvent;
import io.theeye.event.StorableText;
import io.theeye.queue.EventQueue;
import io.theeye.system.ApiError;
import io.theeye.validation.EventValidation;
import io.theeye.validation.Utf8;
import io.theeye.validation.Validated;
import io.theeye.validation.ValidationProperties;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * What becomes of a request's body: its events checked one by one, the valid ones handed to the queue with the
 * refused ones (kept in {@code rejected_events}; suppressed ones are refused too, and kept nowhere), and the answer to give once the queue has them. Knows nothing of
 * HTTP but the status codes.
 */
final class EventIntake {

    private final EventValidation validation;
    private final ObjectReader reader;
    private final EventQueue queue;
    private final IngestProperties limits;
    private final int rawMaxChars;
    private final EventRateLimiter rateLimiter;
    private final Suppressions suppressions;

    EventIntake(
            EventQueue queue,
            EventValidation validation,
            IngestProperties limits,
            ValidationProperties rules,
            EventRateLimiter rateLimiter,
            Suppressions suppressions,
            JsonMapper json) {
        this.rateLimiter = rateLimiter;
        this.suppressions = suppressions;
        this.validation = validation;
        this.reader = EventValidation.reader(json);
        this.queue = queue;
        this.limits = limits;
        this.rawMaxChars = rules.rejectedRawMaxChars();
    }

    /**
     * A request's events on their way to the store.
     *
     * @param status the answer once they are stored: 202, or 400 when none was valid
     * @param body the answer's JSON body
     * @param stored completes when the batch is durable
     * @param storeRequired whether the answer depends on the store: a request with valid events is answered 503 when
     *     they cannot be stored; one refused outright is answered 400 either way (its refusal is kept when possible)
     * @param events how many events the request held
     * @param accepted how many were valid
     */
    record Intake(
            HttpStatus status,
            Object body,
            CompletableFuture<Void> stored,
            boolean storeRequired,
            int events,
            int accepted) {}

    /**
     * The body's events, parsed and handed to the queue.
     *
     * @throws io.theeye.system.ApiException 429 when the events are over the client's rate limit
     */
    Intake accept(byte[] body, EventRateLimiter.Sender sender, Instant receivedAt) {
        return switch (elements(body)) {
            case Refused(String code, String message) ->
                refuse(body, sender.clientId(), receivedAt, code, "body", message);
            case Elements(List<JsonNode> elements) -> accept(elements, sender, receivedAt);
        };
    }

    private Intake accept(List<JsonNode> elements, EventRateLimiter.Sender sender, Instant receivedAt) {
        return acceptMapped(
                elements.stream()
                        .map(element -> new SegmentMessages.Mapped(element, element, null))
                        .toList(),
                sender,
                receivedAt);
    }

    /**
     * Events mapped from another protocol's messages ({@link SegmentMessages}), checked as those of {@code POST
     * /events}; a message refused before it could be mapped is refused at its index.
     */
    Intake acceptMapped(List<SegmentMessages.Mapped> mapped, EventRateLimiter.Sender sender, Instant receivedAt) {
        // Counted before the events are checked one by one: the check is the work the limit saves.
        rateLimiter.require(sender, mapped.size());
        UUID clientId = sender.clientId();
        List<Event> events = new ArrayList<>(mapped.size());
        List<String> ids = new ArrayList<>(mapped.size());
        List<IngestResponse.Rejection> rejections = new ArrayList<>();
        List<RejectedEvent> rejected = new ArrayList<>();
        for (int i = 0; i < mapped.size(); i++) {
            SegmentMessages.Mapped message = mapped.get(i);
            JsonNode element = message.event();
            if (element == null) {
                List<FieldError> errors = List.of(message.error());
                rejections.add(new IngestResponse.Rejection(i, errors));
                rejected.add(new RejectedEvent(
                        clientId, receivedAt, truncate(message.sent().toString()), errors));
                continue;
            }
            // Before validation: a suppressed event is kept nowhere, not even as a refused event's raw text.
            FieldError suppressed = suppressions.check(clientId, element);
            if (suppressed != null) {
                rejections.add(new IngestResponse.Rejection(i, List.of(suppressed)));
                continue;
            }
            switch (validation.validate(element, clientId, receivedAt)) {
                case Validated.Valid<Event>(Event event) -> {
                    events.add(event);
                    ids.add(event.id().toString());
                }
                case Validated.Invalid<Event>(List<FieldError> errors) -> {
                    rejections.add(new IngestResponse.Rejection(i, errors));
                    rejected.add(new RejectedEvent(clientId, receivedAt, truncate(element.toString()), errors));
                }
            }
        }
        IngestResponse response = new IngestResponse(events.size(), ids, rejections);
        CompletableFuture<Void> stored = events.isEmpty() && rejected.isEmpty()
                ? CompletableFuture.completedFuture(null)
                : queue.publish(new IngestBatch(events, rejected));
        boolean anyValid = !events.isEmpty();
        return new Intake(
                anyValid ? HttpStatus.ACCEPTED : HttpStatus.BAD_REQUEST,
                response,
                stored,
                anyValid,
                mapped.size(),
                events.size());
    }

    private sealed interface Body {}

    private record Elements(List<JsonNode> elements) implements Body {}

    private record Refused(String code, String message) implements Body {}

    /** The request's events: the body's one event, or the elements of its array. */
    private Body elements(byte[] body) {
        int malformed = Utf8.firstMalformed(body);
        if (malformed >= 0) {
            return new Refused(
                    "malformed_json", "malformed JSON: not UTF-8 at byte " + malformed + " (counted from 0)");
        }
        JsonNode root;
        try {
            root = read(body);
        } catch (NumberFormatException e) {
            // Jackson 3.1 lets this out for an exponent beyond BigDecimal's (+-2147483647) instead of its own
            // exception.
            return new Refused("malformed_json", "malformed JSON: " + e.getMessage());
        } catch (JacksonException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            return new Refused("malformed_json", "malformed JSON" + where + ": " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) {
            return new Refused("malformed_json", "is empty: send an event or an array");
        }
        if (root.isObject()) {
            return new Elements(List.of(root));
        }
        if (!root.isArray()) {
            return new Refused("invalid_body", "must be an event object or an array of them");
        }
        if (root.isEmpty() || root.size() > limits.maxBatchEvents()) {
            return new Refused("invalid_body", "must hold 1 to " + limits.maxBatchEvents() + " events");
        }
        List<JsonNode> elements = new ArrayList<>(root.size());
        root.forEach(elements::add);
        return new Elements(elements);
    }

    private JsonNode read(byte[] body) {
        try {
            return reader.readValue(body);
        } catch (JacksonException e) {
            // Jackson's byte parser refuses a key with an escaped unpaired surrogate ({"a\\ud83d": 1}), which its
            // text parser reads: read refused bodies (known to be UTF-8) again as text, so that such a key is refused
            // like any other unstorable text, by its path.
            return reader.readValue(new String(body, StandardCharsets.UTF_8));
        }
    }

    /**
     * A body refused as a whole: kept in {@code rejected_events}, answered 400 with the API's error body naming the
     * field.
     */
    Intake refuse(byte[] body, UUID clientId, Instant receivedAt, String code, String field, String message) {
        FieldError error = new FieldError(field, message);
        String raw = truncate(new String(body, StandardCharsets.UTF_8));
        CompletableFuture<Void> stored = queue.publish(
                new IngestBatch(List.of(), List.of(new RejectedEvent(clientId, receivedAt, raw, List.of(error)))));
        return new Intake(
                HttpStatus.BAD_REQUEST,
                new ApiError(code, field + ": " + error.message(), List.of(error)),
                stored,
                false,
                1,
                0);
    }

    private String truncate(String raw) {
        return StorableText.truncate(raw, rawMaxChars);
    }
}
