/** The seam between the API and storage: accepted batches are published here, and only durable ones succeed. */
package io.theeye.queue;
