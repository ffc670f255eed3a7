/**
 * The checks every event goes through, wherever it comes from (the HTTP edge, a replay of refused events): reading,
 * the ingest rules, then the payload schema of its type; and the one result type they all answer with. No HTTP here.
 */
package io.theeye.validation;
