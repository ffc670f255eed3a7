package io.theeye.queue;

/** The queue backends, chosen by {@code the-eye.queue.type} ({@code THE_EYE_QUEUE}). */
public enum QueueType {
    /** No broker: the API process commits batches of concurrent requests straight to the database. */
    DIRECT,
    /** Redis Streams: API processes add batches to a stream, workers read it through a consumer group. */
    REDIS,
    /** Kafka: API processes produce batches keyed by session, workers consume them as a consumer group. */
    KAFKA
}
