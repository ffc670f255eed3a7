/**
 * Durable storage: the database connection, Flyway migrations, and every SQL statement of the service, for writes
 * and for reads ({@link io.theeye.store.EventReads}, {@link io.theeye.store.EventStats},
 * {@link io.theeye.store.RejectedEventReads}, all bounded by the query timeout). No other package touches JDBC.
 */
package io.theeye.store;
