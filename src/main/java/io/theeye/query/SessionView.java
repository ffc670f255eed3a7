package io.theeye.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.theeye.event.EventTimestamps;
import io.theeye.store.EventReads.SessionSummary;
import java.util.Map;

/** What {@code GET /sessions/{session_id}} answers. */
record SessionView(
        @JsonProperty("session_id") String sessionId,

        @JsonProperty("first_timestamp") String firstTimestamp,

        @JsonProperty("last_timestamp") String lastTimestamp,

        long events,
        Map<String, Long> categories) {

    static SessionView of(String sessionId, SessionSummary summary) {
        return new SessionView(
                sessionId,
                EventTimestamps.format(summary.first()),
                EventTimestamps.format(summary.last()),
                summary.events(),
                summary.categories());
    }
}
