package io.theeye.queue;

/** The queue backends. */
public enum QueueType {
    /** No broker: the API process commits batches of concurrent requests straight to the database. */
    DIRECT
}
