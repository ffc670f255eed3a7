package io.theeye.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.theeye.event.Event;
import io.theeye.event.EventTimestamps;

/**
 * An event as the API shows it: timestamps in ISO-8601 UTC to the microsecond, {@code data} as stored. {@code
 * original_timestamp} is the timestamp as sent when it was corrected for the sender's clock ({@code sent_at}), else
 * null: always present, so that every event has the same shape.
 */
record EventView(
        String id,
        @JsonProperty("session_id") String sessionId,
        String category,
        String name,
        @JsonRawValue String data,
        String timestamp,
        @JsonProperty("received_at") String receivedAt,

        @JsonProperty("original_timestamp") @JsonInclude(JsonInclude.Include.ALWAYS)
        String originalTimestamp) {

    static EventView of(Event event) {
        return new EventView(
                event.id().toString(),
                event.sessionId(),
                event.category(),
                event.name(),
                event.data(),
                EventTimestamps.format(event.timestamp()),
                EventTimestamps.format(event.receivedAt()),
                event.originalTimestamp() == null ? null : EventTimestamps.format(event.originalTimestamp()));
    }
}
