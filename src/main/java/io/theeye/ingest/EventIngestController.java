package io.theeye.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.theeye.auth.AuthenticatedClient;
import io.theeye.event.Event;
import io.theeye.event.FieldError;
import io.theeye.event.IngestBatch;
import io.theeye.event.RejectedEvent;
import io.theeye.event.StorableText;
import io.theeye.queue.EventQueue;
import io.theeye.system.ApiError;
import io.theeye.system.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /events}: checks the request, hands its events to the queue, and answers once they are durable. Bad
 * events are answered by index and kept in {@code rejected_events}.
 */
@RestController
@ConditionalOnWebApplication
class EventIngestController {

    private static final Logger log = LoggerFactory.getLogger(EventIngestController.class);
    private static final MediaType JSON_SUFFIX = MediaType.parseMediaType("application/*+json");

    private final EventParser parser;
    /** Holds each valid event to its type's payload schema. */
    private final EventValidation validation;

    private final EventQueue queue;
    private final IngestProperties limits;
    private final ObjectReader reader;
    private final Clock clock;
    private final Counter acceptedEvents;
    private final Counter rejectedEvents;
    /** Requests being handled: each holds its body, then its parsed events, until it is answered. */
    private final Semaphore inFlight;

    private final EventRateLimiter rateLimiter;
    private final Counter rateLimited;

    EventIngestController(
            EventQueue queue,
            EventValidation validation,
            IngestProperties limits,
            RateLimitProperties rateLimits,
            JsonMapper json,
            Clock clock,
            MeterRegistry meters) {
        this.parser = new EventParser(limits, json);
        this.validation = validation;
        this.queue = queue;
        this.limits = limits;
        this.reader = EventParser.reader(json);
        this.clock = clock;
        this.acceptedEvents = meters.counter("theeye.events.accepted");
        this.rejectedEvents = meters.counter("theeye.events.rejected");
        this.inFlight = new Semaphore(limits.maxConcurrentRequests());
        Gauge.builder(
                        "theeye.ingest.requests.in.flight",
                        inFlight,
                        s -> limits.maxConcurrentRequests() - s.availablePermits())
                .description("POST /events requests being read, checked or stored")
                .register(meters);
        this.rateLimiter = new EventRateLimiter(rateLimits, System::nanoTime);
        this.rateLimited = meters.counter("theeye.requests.rate.limited");
    }

    @PostMapping({"/events", "/events/"})
    ResponseEntity<?> ingest(HttpServletRequest request, @AuthenticationPrincipal AuthenticatedClient client)
            throws IOException {
        requireJson(request.getContentType());
        // A client with nothing left in its bucket is refused before its body is read.
        requireRate(rateLimiter.waitForAny(client.clientId()));
        // Refused before the body is read: a request waiting for a slot would hold its connection and thread anyway.
        if (!inFlight.tryAcquire()) {
            throw unavailable("too many requests are being handled");
        }
        try {
            return accept(request, client.clientId());
        } finally {
            inFlight.release();
        }
    }

    private ResponseEntity<?> accept(HttpServletRequest request, UUID clientId) throws IOException {
        byte[] body = readBody(request);
        // Received once the body is in: a slow upload must not make its events look older, or in the future.
        Instant receivedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<JsonNode> elements = elements(body, clientId, receivedAt);
        requireRate(rateLimiter.take(clientId, elements.size()));

        List<Event> events = new ArrayList<>(elements.size());
        List<String> ids = new ArrayList<>(elements.size());
        List<IngestResponse.Rejection> rejections = new ArrayList<>();
        List<RejectedEvent> rejected = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            JsonNode element = elements.get(i);
            switch (validation.withSchema(parser.parse(element, clientId, receivedAt), element)) {
                case EventParser.Valid(Event event) -> {
                    events.add(event);
                    ids.add(event.id().toString());
                }
                case EventParser.Invalid(List<FieldError> errors) -> {
                    rejections.add(new IngestResponse.Rejection(i, errors));
                    rejected.add(new RejectedEvent(clientId, receivedAt, truncate(element.toString()), errors));
                }
            }
        }
        IngestResponse response = new IngestResponse(events.size(), ids, rejections);
        if (events.isEmpty()) {
            recordRefusal(new IngestBatch(List.of(), rejected));
            return ResponseEntity.badRequest().body(response);
        }
        await(new IngestBatch(events, rejected));
        acceptedEvents.increment(events.size());
        rejectedEvents.increment(rejected.size());
        return ResponseEntity.accepted().body(response);
    }

    private static void requireJson(String contentType) {
        MediaType type = null;
        try {
            type = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            // refused below
        }
        // Exact types only: a wildcard such as */* says nothing about the body.
        if (type == null
                || type.isWildcardType()
                || type.isWildcardSubtype()
                || !(MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type) || JSON_SUFFIX.includes(type))) {
            throw new ApiException(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    ApiError.of("unsupported_media_type", "Content-Type", "must be application/json"));
        }
    }

    private byte[] readBody(HttpServletRequest request) throws IOException {
        long max = limits.maxBodySize().toBytes();
        if (request.getContentLengthLong() > max) {
            throw tooLarge(max);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE));
            if (body.length > max) {
                throw tooLarge(max);
            }
            return body;
        }
    }

    private void requireRate(long retryAfterSeconds) {
        if (retryAfterSeconds == 0) {
            return;
        }
        rateLimited.increment();
        throw rateLimiter.refusal(retryAfterSeconds);
    }

    private static ApiException tooLarge(long max) {
        return new ApiException(
                HttpStatus.CONTENT_TOO_LARGE,
                ApiError.of("body_too_large", "body", "must be at most " + max + " bytes"));
    }

    /** The request's events: the body's one event, or the elements of its array. */
    private List<JsonNode> elements(byte[] body, UUID clientId, Instant receivedAt) {
        int malformed = Utf8.firstMalformed(body);
        if (malformed >= 0) {
            throw refuseBody(
                    body,
                    clientId,
                    receivedAt,
                    "malformed_json",
                    "malformed JSON: not UTF-8 at byte " + malformed + " (counted from 0)");
        }
        JsonNode root;
        try {
            root = read(body);
        } catch (NumberFormatException e) {
            // Jackson 3.1 lets this out for an exponent beyond BigDecimal's (+-2147483647) instead of its own
            // exception.
            throw refuseBody(body, clientId, receivedAt, "malformed_json", "malformed JSON: " + e.getMessage());
        } catch (JacksonException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw refuseBody(
                    body,
                    clientId,
                    receivedAt,
                    "malformed_json",
                    "malformed JSON" + where + ": " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw refuseBody(body, clientId, receivedAt, "malformed_json", "is empty: send an event or an array");
        }
        if (root.isObject()) {
            return List.of(root);
        }
        if (!root.isArray()) {
            throw refuseBody(body, clientId, receivedAt, "invalid_body", "must be an event object or an array of them");
        }
        if (root.isEmpty() || root.size() > limits.maxBatchEvents()) {
            throw refuseBody(
                    body,
                    clientId,
                    receivedAt,
                    "invalid_body",
                    "must hold 1 to " + limits.maxBatchEvents() + " events");
        }
        List<JsonNode> elements = new ArrayList<>(root.size());
        root.forEach(elements::add);
        return elements;
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

    private ApiException refuseBody(byte[] body, UUID clientId, Instant receivedAt, String code, String message) {
        FieldError error = new FieldError("body", message);
        String raw = truncate(new String(body, StandardCharsets.UTF_8));
        recordRefusal(
                new IngestBatch(List.of(), List.of(new RejectedEvent(clientId, receivedAt, raw, List.of(error)))));
        return new ApiException(HttpStatus.BAD_REQUEST, new ApiError(code, "body: " + error.message(), List.of(error)));
    }

    /** Keeps refused input for analysis. The client's answer is 400 either way, so a failure here is only logged. */
    private void recordRefusal(IngestBatch refused) {
        rejectedEvents.increment(refused.rejected().size());
        try {
            await(refused);
        } catch (ApiException e) {
            log.warn(
                    "Could not record {} rejected events: {}",
                    refused.rejected().size(),
                    e.getMessage());
        }
    }

    private void await(IngestBatch batch) {
        CompletableFuture<Void> stored = queue.publish(batch);
        try {
            stored.get(limits.storeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unavailable(e.getCause().getMessage());
        } catch (TimeoutException e) {
            // Withdraws the batch if no writer has taken it yet; one already being written may still be stored.
            stored.cancel(false);
            throw unavailable("storing the events took too long");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("the request was interrupted");
        }
    }

    private static ApiException unavailable(String reason) {
        return new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE,
                new ApiError("unavailable", "The events were not stored: " + reason + ". Retry later.", List.of()),
                Map.of(HttpHeaders.RETRY_AFTER, "1"));
    }

    private String truncate(String raw) {
        return StorableText.truncate(raw, limits.rejectedRawMaxChars());
    }
}
