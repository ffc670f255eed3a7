package io.theeye.admin;

import io.theeye.event.Event;
import io.theeye.event.EventFilter;
import io.theeye.event.EventTimestamps;
import io.theeye.store.ClientStore;
import io.theeye.store.EventKeyset;
import io.theeye.store.EventReads;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The event explorer: filtered pages of events, one event's JSON, and a session's timeline. */
@Controller
@ConditionalOnWebApplication
class ExplorerController {

    static final int PAGE_SIZE = 50;
    static final int TIMELINE_EVENTS = 1000;

    private final EventReads events;
    private final ClientStore clients;

    ExplorerController(EventReads events, ClientStore clients) {
        this.events = events;
        this.clients = clients;
    }

    @GetMapping("/admin/events")
    String events(
            FilterForm form, @RequestParam(required = false) String before, Model model, HttpServletResponse response) {
        model.addAttribute("form", form);
        model.addAttribute("clients", clients.findAll());
        model.addAttribute("clientNames", names());
        FilterForm.Result parsed = form.parse();
        List<String> errors = new ArrayList<>(parsed.errors());
        EventKeyset after = keyset(before, errors);
        if (!errors.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("errors", errors);
            model.addAttribute("events", List.of());
            return "admin/events";
        }
        List<Event> rows = events.newest(parsed.filter(), after, PAGE_SIZE);
        boolean more = rows.size() > PAGE_SIZE;
        List<Event> page = more ? rows.subList(0, PAGE_SIZE) : rows;
        model.addAttribute("events", page);
        model.addAttribute("errors", List.of());
        model.addAttribute("paged", before != null);
        model.addAttribute("firstPage", link(parsed.filter(), null));
        model.addAttribute("nextPage", more ? link(parsed.filter(), EventKeyset.of(page.getLast())) : null);
        return "admin/events";
    }

    @GetMapping("/admin/events/{clientId}/{id}")
    String event(@PathVariable UUID clientId, @PathVariable UUID id, Model model, HttpServletResponse response) {
        return events.find(id, clientId)
                .map(event -> {
                    model.addAttribute("event", event);
                    model.addAttribute("clientName", names().get(clientId));
                    model.addAttribute("json", Formats.INSTANCE.eventJson(event));
                    return "admin/event";
                })
                .orElseGet(() -> AdminErrors.notFound(model, response, "No event " + id + " of client " + clientId));
    }

    @GetMapping("/admin/sessions/{clientId}/{sessionId}")
    String session(
            @PathVariable UUID clientId, @PathVariable String sessionId, Model model, HttpServletResponse response) {
        List<Event> rows = new ArrayList<>();
        events.page(EventFilter.session(clientId, sessionId), null, false, TIMELINE_EVENTS, rows::add);
        if (rows.isEmpty()) {
            return AdminErrors.notFound(model, response, "No events in session " + sessionId);
        }
        boolean more = rows.size() > TIMELINE_EVENTS;
        List<Event> shown = more ? rows.subList(0, TIMELINE_EVENTS) : rows;
        List<TimelineStep> steps = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            Event event = shown.get(i);
            Duration gap = i == 0 ? null : Duration.between(shown.get(i - 1).timestamp(), event.timestamp());
            steps.add(new TimelineStep(event, gap));
        }
        model.addAttribute("clientId", clientId);
        model.addAttribute("clientName", names().get(clientId));
        model.addAttribute("sessionId", sessionId);
        model.addAttribute("steps", steps);
        model.addAttribute("more", more);
        model.addAttribute(
                "span",
                Duration.between(shown.getFirst().timestamp(), shown.getLast().timestamp()));
        model.addAttribute("explore", link(FilterForm.filter(clientId, sessionId, null, null, null, null), null));
        return "admin/session";
    }

    /** One step of a session's timeline: the event and the time since the one before it. */
    record TimelineStep(Event event, Duration gap) {}

    private Map<UUID, String> names() {
        return clients.findAll().stream()
                .collect(Collectors.toMap(ClientStore.Client::clientId, ClientStore.Client::name, (a, b) -> a));
    }

    private static EventKeyset keyset(String before, List<String> errors) {
        if (before == null || before.isBlank()) {
            return null;
        }
        int comma = before.lastIndexOf(',');
        try {
            return new EventKeyset(
                    EventTimestamps.parse(before.substring(0, Math.max(comma, 0))),
                    UUID.fromString(before.substring(comma + 1)));
        } catch (DateTimeParseException | IllegalArgumentException | IndexOutOfBoundsException e) {
            errors.add("before: not a page of this explorer");
            return null;
        }
    }

    static String link(EventFilter filter, EventKeyset before) {
        Map<String, String> parameters = FilterForm.parameters(filter);
        if (before != null) {
            // As the before parameter reads it: <ISO-8601 timestamp>,<id>.
            parameters.put("before", Formats.INSTANCE.isoInstant(before.timestamp()) + "," + before.id());
        }
        return Formats.INSTANCE.link("/admin/events", parameters);
    }
}
