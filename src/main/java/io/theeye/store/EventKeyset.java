package io.theeye.store;

import io.theeye.event.Event;
import java.time.Instant;
import java.util.UUID;

/** A position in (timestamp, id) order, the order of the indexes: where a page of events ends. */
public record EventKeyset(Instant timestamp, UUID id) {

    /** Where a page that ends with this event ends. */
    public static EventKeyset of(Event event) {
        return new EventKeyset(event.timestamp(), event.id());
    }
}
