/**
 * The workers: take batches from the queue's consumer side, commit them to the database in groups, and acknowledge
 * them only after the commit. One batch writer serves every queue backend.
 */
package io.theeye.worker;
