/**
 * The deployment's processes: each {@code serve}, {@code worker} and {@code exporter} registers itself and sends a
 * heartbeat to the database, with the problem it tells of when it cannot do its work, so that every API process (the
 * dashboard, {@code workers list}, the metrics) sees which are live, failing and lost.
 */
package io.theeye.fleet;
