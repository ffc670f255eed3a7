package io.theeye.validation;

import io.theeye.event.FieldError;
import io.theeye.event.FieldErrors;
import io.theeye.event.FieldPath;
import java.util.ArrayList;
import java.util.List;

/**
 * The errors of one event, at most {@link FieldErrors#MAX_ERRORS}: an event with thousands of bad values must not make
 * an answer (and a stored record) thousands of errors long. Past the limit the last entry says how many were left out.
 * Errors beyond the limit are only counted, their paths never rendered.
 */
final class EventErrors {

    private static final int MAX_ERRORS = FieldErrors.MAX_ERRORS;

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

    /** The errors, bounded as every refusal's are ({@link FieldErrors#bounded}). */
    List<FieldError> list() {
        return FieldErrors.bounded("event", errors, omitted);
    }
}
