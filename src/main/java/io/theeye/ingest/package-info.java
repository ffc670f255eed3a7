/** The HTTP edge for events: authenticates, bounds, checks, hands to the queue and answers. Never touches JDBC. */
package io.theeye.ingest;
