package io.theeye.backfill;

/** A backfill that was not started: its destination or range is not one it may write, and the message says why. */
public final class BackfillRefused extends RuntimeException {

    BackfillRefused(String message) {
        super(message);
    }

    BackfillRefused(String message, Throwable cause) {
        super(message, cause);
    }
}
