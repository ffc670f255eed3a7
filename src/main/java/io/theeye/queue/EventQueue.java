package io.theeye.queue;

import io.theeye.event.IngestBatch;
import java.util.concurrent.CompletableFuture;

/**
 * Where the API hands what it accepted. One implementation per backend, chosen by {@code the-eye.queue.type}.
 */
public interface EventQueue {

    /**
     * Hands a batch on. The future completes once the batch is durable: committed to the database, or acknowledged
     * by a broker. It fails with {@link QueueUnavailableException} when the queue is full or cannot keep the batch;
     * the caller must then not claim the batch was accepted. Cancelling the future withdraws the batch if it has not
     * been taken for writing yet.
     */
    CompletableFuture<Void> publish(IngestBatch batch);
}
