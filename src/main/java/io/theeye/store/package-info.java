/** Durable storage: the database connection, Flyway migrations and the JDBC repositories. */
package io.theeye.store;
