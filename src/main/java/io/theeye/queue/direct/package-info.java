/** The {@code direct} queue: group commit from the API process straight to the database, no broker. */
package io.theeye.queue.direct;
