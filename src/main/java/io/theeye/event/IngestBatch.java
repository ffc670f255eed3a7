package io.theeye.event;

import java.util.List;

/**
 * What one ingest request hands to the queue: the events to store and the ones refused, stored together so
 * that a request's outcome is kept whole or not at all.
 */
public record IngestBatch(List<Event> events, List<RejectedEvent> rejected) {

    /** About what an event's objects cost besides its text: the record, its ids, instants and string headers. */
    private static final long OBJECTS_PER_EVENT = 320;

    public IngestBatch {
        events = List.copyOf(events);
        rejected = List.copyOf(rejected);
    }

    public int size() {
        return events.size() + rejected.size();
    }

    /**
     * About how much memory the batch holds: two bytes a character of its text (a Java string holds one or two, so
     * this errs high) and a fixed share for each event's objects.
     */
    public long estimatedBytes() {
        long chars = 0;
        for (Event event : events) {
            chars += event.sessionId().length()
                    + event.category().length()
                    + event.name().length()
                    + event.data().length();
        }
        for (RejectedEvent refused : rejected) {
            chars += refused.raw().length();
            for (FieldError error : refused.errors()) {
                chars += error.field().length() + error.message().length();
            }
        }
        return 2 * chars + OBJECTS_PER_EVENT * size();
    }
}
