package io.theeye.query;

import io.theeye.auth.AuthenticatedClient;
import io.theeye.event.EventFilter;
import io.theeye.store.EventReads;
import io.theeye.system.ApiError;
import io.theeye.system.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /events}, {@code GET /events/{id}} and a session's summary and events. */
@RestController
@ConditionalOnWebApplication
class EventQueryController {

    private final EventReads events;
    private final EventPager pager;
    private final EventExport export;

    EventQueryController(EventReads events, EventExport export, JsonMapper json) {
        this.events = events;
        this.export = export;
        this.pager = new EventPager(events, json);
    }

    @GetMapping({"/events", "/events/"})
    void events(
            @AuthenticationPrincipal AuthenticatedClient client,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        QueryParameters params = new QueryParameters(request.getParameterMap(), ReadEndpoint.EVENTS);
        pager.page(filter(client, params, params.text("session_id")), params, response);
    }

    @GetMapping("/events/export")
    void export(
            @AuthenticationPrincipal AuthenticatedClient client,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        QueryParameters params = new QueryParameters(request.getParameterMap(), ReadEndpoint.EXPORT);
        EventFilter filter = filter(client, params, params.text("session_id"));
        QueryParameters.requireOrdered(filter.from(), filter.to());
        boolean descending = params.choice("order", "asc", "desc").equals("desc");
        String format = params.choice("format", "ndjson", "csv");
        boolean ran = export.ifRoom(client.clientId(), () -> {
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"events." + format + "\"");
            try {
                if (format.equals("csv")) {
                    response.setContentType("text/csv;charset=UTF-8");
                    export.csv(filter, descending, EventExport.writer(response.getOutputStream()));
                } else {
                    response.setContentType("application/x-ndjson");
                    export.ndjson(filter, descending, response.getOutputStream());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!ran) {
            throw new ApiException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    new ApiError("unavailable", "Too many exports are running; retry later.", List.of()),
                    Map.of(HttpHeaders.RETRY_AFTER, "5"));
        }
    }

    @GetMapping("/events/{id}")
    EventView event(
            @PathVariable String id, @AuthenticationPrincipal AuthenticatedClient client, HttpServletRequest request) {
        new QueryParameters(request.getParameterMap(), ReadEndpoint.EVENT);
        UUID eventId;
        try {
            eventId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound("event");
        }
        return events.find(eventId, client.readAll() ? null : client.clientId())
                .map(EventView::of)
                .orElseThrow(() -> notFound("event"));
    }

    @GetMapping("/sessions/{sessionId}")
    SessionView session(
            @PathVariable String sessionId,
            @AuthenticationPrincipal AuthenticatedClient client,
            HttpServletRequest request) {
        QueryParameters params = new QueryParameters(request.getParameterMap(), ReadEndpoint.SESSION);
        return events.session(EventPager.scope(client, params), sessionId)
                .map(summary -> SessionView.of(sessionId, summary))
                .orElseThrow(() -> notFound("session"));
    }

    @GetMapping("/sessions/{sessionId}/events")
    void sessionEvents(
            @PathVariable String sessionId,
            @AuthenticationPrincipal AuthenticatedClient client,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        QueryParameters params = new QueryParameters(request.getParameterMap(), ReadEndpoint.SESSION_EVENTS);
        pager.page(filter(client, params, sessionId), params, response);
    }

    private static EventFilter filter(AuthenticatedClient client, QueryParameters params, String sessionId) {
        return new EventFilter(
                EventPager.scope(client, params),
                sessionId,
                params.text("category"),
                params.text("name"),
                params.instant("from"),
                params.instant("to"));
    }

    private static ApiException notFound(String what) {
        return new ApiException(
                HttpStatus.NOT_FOUND, new ApiError("not_found", "No such " + what + " among yours.", List.of()));
    }
}
