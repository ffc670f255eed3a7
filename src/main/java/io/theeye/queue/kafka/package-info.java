/**
 * The {@code kafka} queue: batches as records of a topic, keyed by session so that a session's events keep their
 * order, consumed by workers as a consumer group that commits offsets only after the database commit.
 */
package io.theeye.queue.kafka;
