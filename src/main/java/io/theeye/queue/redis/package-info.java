/**
 * The {@code redis} queue: batches as entries of a Redis stream, read by workers through a consumer group and
 * acknowledged after their database commit.
 */
package io.theeye.queue.redis;
