package io.theeye.event;

import java.util.List;

/**
 * What one ingest request hands to the queue: the events to store and the ones refused, stored together so
 * that a request's outcome is kept whole or not at all.
 */
public record IngestBatch(List<Event> events, List<RejectedEvent> rejected) {

    public IngestBatch {
        events = List.copyOf(events);
        rejected = List.copyOf(rejected);
    }

    public int size() {
        return events.size() + rejected.size();
    }
}
