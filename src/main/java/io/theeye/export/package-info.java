/**
 * Stored events written out as Parquet files, laid out by client and hour, to a local folder or S3-compatible
 * storage (docs/export.md). Nothing here is loaded unless an export runs.
 */
package io.theeye.export;
