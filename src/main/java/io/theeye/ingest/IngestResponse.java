package io.theeye.ingest;

import io.theeye.event.FieldError;
import java.util.List;

/**
 * What {@code POST /events} answers: the ids of the events accepted, and the refused ones by their index in the
 * request.
 */
record IngestResponse(int accepted, List<String> ids, List<Rejection> rejected) {

    record Rejection(int index, List<FieldError> errors) {}
}
