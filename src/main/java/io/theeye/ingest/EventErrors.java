package io.theeye.ingest;

import io.theeye.event.FieldError;
import io.theeye.event.FieldPath;
import java.util.ArrayList;
import java.util.List;

/**
 * The errors of one event, at most {@value #MAX_ERRORS}: an event with thousands of bad values must not make an
 * answer (and a stored record) thousands of errors long. Past the limit the last entry says how many were left out.
 */
final class EventErrors {

    static final int MAX_ERRORS = 20;

    private final List<FieldError> errors = new ArrayList<>();
    private int omitted;

    void add(String field, String message) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(new FieldError(field, message));
        } else {
            omitted++;
        }
    }

    /** Adds an error for the field at that path, rendering the path only when the error is kept. */
    void add(List<?> path, String message) {
        if (errors.size() < MAX_ERRORS) {
            errors.add(new FieldError(FieldPath.render(path), message));
        } else {
            omitted++;
        }
    }

    /** How many errors were added, listed or not. */
    int count() {
        return errors.size() + omitted;
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    List<FieldError> list() {
        if (omitted == 0) {
            return List.copyOf(errors);
        }
        List<FieldError> listed = new ArrayList<>(errors.subList(0, MAX_ERRORS - 1));
        listed.add(new FieldError("event", (omitted + 1) + " more errors not listed"));
        return List.copyOf(listed);
    }
}
