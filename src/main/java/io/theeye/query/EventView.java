package io.theeye.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;

/** An event as the API shows it: timestamps in ISO-8601 UTC to the microsecond, {@code data} as stored. */
record EventView(
        String id,
        @JsonProperty("session_id") String sessionId,
        String category,
        String name,
        @JsonRawValue String data,
        String timestamp,
        @JsonProperty("received_at") String receivedAt) {}
