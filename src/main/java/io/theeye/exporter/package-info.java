/**
 * The continuous export ({@code the-eye exporter}): follows the store from its recorded position and writes each
 * batch of events as Parquet files to one destination, exactly once, one exporter at a time (docs/export.md). Its
 * beans exist only in the exporter's process.
 */
package io.theeye.exporter;
