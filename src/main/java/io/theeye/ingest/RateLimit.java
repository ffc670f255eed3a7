package io.theeye.ingest;

/**
 * The limit a client's bucket is held to.
 *
 * @param eventsPerSecond the rate its bucket refills at; 0: no limit
 * @param burst the most events its bucket holds; 0: one second's worth
 */
record RateLimit(int eventsPerSecond, int burst) {

    boolean enabled() {
        return eventsPerSecond > 0;
    }

    /** The bucket's size. */
    int bucket() {
        return burst > 0 ? burst : eventsPerSecond;
    }
}
