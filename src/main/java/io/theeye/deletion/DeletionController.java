package io.theeye.deletion;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.theeye.auth.AuthenticatedClient;
import io.theeye.store.ClientRules;
import io.theeye.store.DeletionFilter;
import io.theeye.store.EventDeletions;
import io.theeye.system.ApiError;
import io.theeye.system.ApiException;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code DELETE /events}: a client created with {@code --admin} deletes its own events that the body's filters match,
 * with its refused events that match, and is answered with the counts once they are gone.
 */
@RestController
@ConditionalOnWebApplication
class DeletionController {

    /** Seconds to wait before asking again while another process removes events. */
    static final String RETRY_AFTER_SECONDS = "5";

    private final EventDeletions deletions;
    private final JsonMapper json;

    DeletionController(EventDeletions deletions, JsonMapper json) {
        this.deletions = deletions;
        this.json = json;
    }

    @DeleteMapping({"/events", "/events/"})
    Deleted delete(@AuthenticationPrincipal AuthenticatedClient client, @RequestBody(required = false) byte[] body) {
        if (!client.admin()) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN,
                    new ApiError("forbidden", "only clients created with --admin may delete events", List.of()));
        }
        DeletionFilter filter;
        try {
            filter = DeletionRequest.filter(client.clientId(), read(body));
        } catch (ClientRules.Violation e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ApiError.of("invalid_filter", e.field(), e.problem()));
        }
        EventDeletions.Counts counts = deletions
                .delete("client:" + client.clientId(), filter)
                .orElseThrow(() -> new ApiException(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        new ApiError(
                                "busy",
                                "Another process is removing events (expiry or a deletion); retry later.",
                                List.of()),
                        Map.of(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)));
        return new Deleted(counts.events(), counts.rejectedEvents());
    }

    private JsonNode read(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    ApiError.of("malformed_json", "body", "malformed JSON: " + e.getOriginalMessage()));
        }
    }

    /** The answer: how many events and refused events were deleted. */
    record Deleted(
            long events, @JsonProperty("rejected_events") long rejectedEvents) {}
}
