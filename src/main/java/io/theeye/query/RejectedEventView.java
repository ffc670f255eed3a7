package io.theeye.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.theeye.event.EventTimestamps;
import io.theeye.store.StoredRejection;

/** A refused event as the API shows it: the raw input as text, the errors as the JSON they were. */
record RejectedEventView(
        long id,
        @JsonProperty("received_at") String receivedAt,
        String raw,
        @JsonRawValue String errors) {

    static RejectedEventView of(StoredRejection rejection) {
        return new RejectedEventView(
                rejection.id(), EventTimestamps.format(rejection.receivedAt()), rejection.raw(), rejection.errors());
    }
}
