package io.theeye.event;

import java.util.List;

/**
 * Told of events once they are committed to the database, on the writer's thread: it must return at once, and
 * whatever it does, the events stay stored and acknowledged.
 */
@FunctionalInterface
public interface StoredEventListener {

    /** Listens to nothing. */
    StoredEventListener NONE = events -> {};

    void stored(List<Event> events);
}
