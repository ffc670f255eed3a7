package io.theeye.replay;

import io.theeye.event.Event;
import io.theeye.event.FieldError;
import io.theeye.schema.SchemaCatalog;
import io.theeye.store.RejectedFilter;
import io.theeye.store.RejectedReplays;
import io.theeye.store.RejectedReplays.Refused;
import io.theeye.validation.EventValidation;
import io.theeye.validation.Validated;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Sends refused events through validation again, with the schemas in force now. One that passes is stored as it was
 * sent: its own id, or one derived from its refusal's when it had none, so that replaying twice stores it once; its
 * own timestamp, or the time it was first received. What cannot be sent again is left as it is, and said why.
 */
public final class RejectedReplay {

    /** Refusals read, checked and resolved per transaction. */
    static final int PAGE = 500;

    private final RejectedReplays store;
    private final EventValidation validation;
    private final SchemaCatalog schemas;
    private final int rawMaxChars;

    /**
     * @param rawMaxChars how much of a refused event is kept ({@code THE_EYE_INGEST_REJECTED_RAW_MAX_CHARS}): a raw
     *     event that long which is not JSON was cut when it was recorded
     */
    public RejectedReplay(RejectedReplays store, EventValidation validation, SchemaCatalog schemas, int rawMaxChars) {
        this.store = store;
        this.validation = validation;
        this.schemas = schemas;
        this.rawMaxChars = rawMaxChars;
    }

    /**
     * @param actor who asked, for the audit log
     */
    public ReplayReport replay(String actor, ReplayFilter filter) {
        // A command's process has loaded no schemas yet; an API process's are current within a second anyway.
        schemas.refresh();
        int stored = 0;
        int stillRefused = 0;
        Map<String, Integer> skipped = new TreeMap<>();
        long after = 0;
        List<Refused> page;
        do {
            page = store.page(new RejectedFilter(filter.clientId(), filter.from(), filter.to()), after, PAGE);
            Map<Long, Event> passed = new LinkedHashMap<>();
            Map<Long, List<FieldError>> failed = new LinkedHashMap<>();
            for (Refused refused : page) {
                after = refused.id();
                switch (examine(refused, filter)) {
                    case Passed(Event event) -> passed.put(refused.id(), event);
                    case Failed(List<FieldError> errors) -> failed.put(refused.id(), errors);
                    case Skipped(String reason) -> skipped.merge(reason, 1, Integer::sum);
                    case NotTaken notTaken -> {}
                }
            }
            store.resolve(passed, failed);
            stored += passed.size();
            stillRefused += failed.size();
        } while (page.size() == PAGE);
        ReplayReport report = new ReplayReport(stored, stillRefused, skipped);
        store.record(actor, filter.clientId(), filter.describe() + ": " + report.summary());
        return report;
    }

    private Examined examine(Refused refused, ReplayFilter filter) {
        if (refused.clientId() == null) {
            return new Skipped("from no known client (an unreadable batch)");
        }
        JsonNode element;
        try {
            element = validation.read(refused.raw());
        } catch (JacksonException e) {
            return new Skipped(
                    refused.raw().length() >= rawMaxChars
                            ? "cut to " + rawMaxChars + " characters when recorded"
                            : "not JSON (a malformed request body)");
        }
        if (element == null || !element.isObject()) {
            return new Skipped("not one event (a refused request body)");
        }
        if (!matches(filter.category(), element.get("category")) || !matches(filter.name(), element.get("name"))) {
            return new NotTaken();
        }
        if (refused.raw().indexOf('\uFFFD') >= 0) {
            // A NUL or half a surrogate pair was recorded as U+FFFD: replaying would store what was never sent.
            return new Skipped("holding U+FFFD, which may stand for a character replaced when recorded");
        }
        return switch (validation.validate(element, refused.clientId(), refused.receivedAt())) {
            case Validated.Valid<Event>(Event event) -> new Passed(hasId(element) ? event : withId(event, refused));
            case Validated.Invalid<Event>(List<FieldError> errors) -> new Failed(errors);
        };
    }

    private static boolean matches(String wanted, JsonNode value) {
        return wanted == null || value != null && value.isString() && wanted.equals(value.stringValue());
    }

    private static boolean hasId(JsonNode element) {
        JsonNode id = element.get("id");
        return id != null && !id.isNull();
    }

    /** The event with an id derived from its refusal's: the same at every replay. */
    private static Event withId(Event event, Refused refused) {
        String source = refused.rejectionId() != null
                ? "rejection " + refused.rejectionId()
                : "rejected_events row " + refused.id();
        UUID id = UUID.nameUUIDFromBytes(source.getBytes(StandardCharsets.UTF_8));
        return event.withId(id);
    }

    private sealed interface Examined {}

    private record Passed(Event event) implements Examined {}

    private record Failed(List<FieldError> errors) implements Examined {}

    private record Skipped(String reason) implements Examined {}

    /** Outside the filter's type: not counted. */
    private record NotTaken() implements Examined {}
}
