/**
 * The deployment's processes: each {@code serve} and {@code worker} registers itself and sends a heartbeat to the
 * database, so that every API process (the dashboard, {@code workers list}, the metrics) sees which are live and
 * which were lost.
 */
package io.theeye.fleet;
