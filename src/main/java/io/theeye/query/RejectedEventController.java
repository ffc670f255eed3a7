package io.theeye.query;

import io.theeye.auth.AuthenticatedClient;
import io.theeye.store.RejectedEventReads;
import io.theeye.store.RejectedFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /rejected-events}: the events a client sent that were refused, with why. */
@RestController
@ConditionalOnWebApplication
class RejectedEventController {

    private final RejectedEventReads rejections;

    RejectedEventController(RejectedEventReads rejections) {
        this.rejections = rejections;
    }

    @GetMapping("/rejected-events")
    Page<RejectedEventView> rejected(@AuthenticationPrincipal AuthenticatedClient client, HttpServletRequest request) {
        QueryParameters params = new QueryParameters(request.getParameterMap(), ReadEndpoint.REJECTED_EVENTS);
        UUID clientId = EventPager.scope(client, params);
        Instant from = params.instant("from");
        Instant to = params.instant("to");
        QueryParameters.requireOrdered(from, to);
        int limit = params.integer("limit", EventPager.DEFAULT_LIMIT, 1, EventPager.MAX_LIMIT);
        boolean descending = params.choice("order", "asc", "desc").equals("desc");
        String query = String.join(
                "|",
                "rejected",
                String.valueOf(clientId),
                String.valueOf(from),
                String.valueOf(to),
                descending ? "desc" : "asc");
        Cursor after = params.cursor(query, Long::parseLong);
        return Page.of(
                rejections.page(
                        new RejectedFilter(clientId, from, to),
                        after == null ? null : after.rejectionPosition(),
                        descending,
                        limit),
                limit,
                RejectedEventView::of,
                Cursor::of,
                query);
    }
}
