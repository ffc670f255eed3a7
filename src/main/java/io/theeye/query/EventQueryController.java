package io.theeye.query;

import io.theeye.auth.AuthenticatedClient;
import io.theeye.system.ApiError;
import io.theeye.system.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /events}, {@code GET /events/{id}} and a session's summary and events. */
@RestController
@ConditionalOnWebApplication
class EventQueryController {

    private static final Set<String> EVENT_PARAMETERS =
            Set.of("session_id", "category", "name", "from", "to", "limit", "order", "cursor", "client_id");
    private static final Set<String> SESSION_EVENT_PARAMETERS =
            Set.of("category", "name", "from", "to", "limit", "order", "cursor", "client_id");

    private final EventQueries queries;
    private final EventPager pager;

    EventQueryController(EventQueries queries) {
        this.queries = queries;
        this.pager = new EventPager(queries);
    }

    @GetMapping({"/events", "/events/"})
    Page<EventView> events(@AuthenticationPrincipal AuthenticatedClient client, HttpServletRequest request) {
        QueryParameters params = new QueryParameters(request.getParameterMap(), EVENT_PARAMETERS);
        return pager.page(filter(client, params, params.text("session_id")), params);
    }

    @GetMapping("/events/{id}")
    EventView event(
            @PathVariable String id, @AuthenticationPrincipal AuthenticatedClient client, HttpServletRequest request) {
        new QueryParameters(request.getParameterMap(), Set.of());
        UUID eventId;
        try {
            eventId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound("event");
        }
        return queries.find(eventId, client.readAll() ? null : client.clientId())
                .map(EventQueries.Row::view)
                .orElseThrow(() -> notFound("event"));
    }

    @GetMapping("/sessions/{sessionId}")
    EventQueries.SessionSummary session(
            @PathVariable String sessionId,
            @AuthenticationPrincipal AuthenticatedClient client,
            HttpServletRequest request) {
        QueryParameters params = new QueryParameters(request.getParameterMap(), Set.of("client_id"));
        return queries.session(EventPager.scope(client, params), sessionId).orElseThrow(() -> notFound("session"));
    }

    @GetMapping("/sessions/{sessionId}/events")
    Page<EventView> sessionEvents(
            @PathVariable String sessionId,
            @AuthenticationPrincipal AuthenticatedClient client,
            HttpServletRequest request) {
        QueryParameters params = new QueryParameters(request.getParameterMap(), SESSION_EVENT_PARAMETERS);
        return pager.page(filter(client, params, sessionId), params);
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
                HttpStatus.NOT_FOUND,
                new ApiError("not_found", "No such " + what + " among yours.", java.util.List.of()));
    }
}
