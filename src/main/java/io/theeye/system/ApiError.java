package io.theeye.system;

import io.theeye.event.FieldError;
import java.util.List;

/**
 * The JSON body of every error the API answers with.
 *
 * @param error a stable, machine-readable code
 * @param message what went wrong, for people
 * @param errors the fields at fault, each with its problem; empty when no field is
 */
public record ApiError(String error, String message, List<FieldError> errors) {

    public ApiError {
        errors = List.copyOf(errors);
    }

    public static ApiError of(String error, String field, String message) {
        return new ApiError(error, field + ": " + message, List.of(new FieldError(field, message)));
    }
}
