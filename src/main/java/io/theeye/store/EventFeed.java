package io.theeye.store;

import io.theeye.event.Event;
import java.util.List;

/**
 * The stored events in the order of their {@link EventPosition}, for readers that follow the store from a position
 * on: each call reads from the database, so a reader sees what every process stored. Nothing is read unless a reader
 * calls: writers pay only for keeping the position (docs/operations.md, "Event positions").
 */
public interface EventFeed {

    /**
     * A position at or after every event a reader can take now, such that every event it cannot take yet comes after
     * it: where a reader that wants only what is stored from now on starts.
     */
    EventPosition end();

    /**
     * At most {@code limit} events after the position, in position order, among those a reader can take: committed,
     * and such that no event will ever appear between them and the position.
     */
    Page after(EventPosition position, int limit);

    /**
     * At most {@code limit} events after the position and up to {@code upTo} included, in position order: a range
     * read before, read again exactly (an export finishing a batch it had begun). The page's last position is the
     * last event's, or {@code upTo} once the range holds no more events.
     */
    Page between(EventPosition position, EventPosition upTo, int limit);

    /**
     * How many events a reader can take after the position, counting no further than {@code atMost}: a lag, cheap
     * while it is small.
     */
    long countAfter(EventPosition position, long atMost);

    /**
     * Events read, and the position to read after next: the last event's, or the position asked for when there was
     * none.
     */
    record Page(List<Event> events, EventPosition last) {}
}
