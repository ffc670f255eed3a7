package io.theeye.query;

import io.theeye.auth.AuthenticatedClient;
import io.theeye.event.Event;
import io.theeye.event.EventFilter;
import io.theeye.store.EventReads;
import io.theeye.system.ApiError;
import io.theeye.system.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/** Reads the paging parameters shared by every list of events, and makes the page and its next cursor. */
final class EventPager {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final EventReads events;
    private final JsonMapper json;

    EventPager(EventReads events, JsonMapper json) {
        this.events = events;
        this.json = json;
    }

    /** Answers with the page the parameters ask for, written as its events are read. */
    void page(EventFilter filter, QueryParameters params, HttpServletResponse response) throws IOException {
        QueryParameters.requireOrdered(filter.from(), filter.to());
        int limit = params.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        boolean descending = params.choice("order", "asc", "desc").equals("desc");
        String query = filter.fingerprint() + (descending ? "|desc" : "|asc");
        Cursor after = params.cursor(query, UUID::fromString);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        PageStream<Event, EventView> page =
                new PageStream<>(json, response.getOutputStream(), limit, EventView::of, Cursor::of, query);
        events.page(filter, after == null ? null : after.eventKeyset(), descending, limit, page::add);
        page.finish();
    }

    /**
     * Whose events the client may read with these parameters: its own; or, for a client that reads all, those of
     * the client it names in {@code client_id}, or everyone's (null).
     */
    static UUID scope(AuthenticatedClient client, QueryParameters params) {
        UUID asked = params.uuid("client_id");
        if (client.readAll()) {
            return asked;
        }
        if (asked != null && !asked.equals(client.clientId())) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN,
                    ApiError.of(
                            "forbidden", "client_id", "only clients created with --read-all may read other clients"));
        }
        return client.clientId();
    }
}
