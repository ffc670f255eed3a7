package io.theeye.queue;

import io.theeye.event.IngestBatch;

/**
 * A batch as a consumer hands it to a worker.
 *
 * @param batch what to store; a batch the consumer could not read arrives as a batch of one rejected event naming
 *     the problem, so that it is kept, never dropped
 * @param attempts how many times this batch was handed out and not stored before
 * @param receipt the backend's handle for acknowledging it (a stream entry id, a partition and offset, a request)
 */
public record Delivery(IngestBatch batch, int attempts, Object receipt) {}
