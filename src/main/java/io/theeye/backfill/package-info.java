/**
 * The one-off export of a range of stored events ({@code the-eye export}): the continuous export's Parquet layout and
 * columns, written under a prefix of its own and never into a continuous export's (docs/export.md, "One-off
 * backfill"). Nothing here is loaded unless a backfill runs.
 */
package io.theeye.backfill;
