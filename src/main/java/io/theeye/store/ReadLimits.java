package io.theeye.store;

import java.time.Duration;

/** The bound on the store's reads for the API and the admin pages ({@code the-eye.query.timeout}). */
public interface ReadLimits {

    /** How long a read may run before its statements are ended. */
    Duration timeout();
}
