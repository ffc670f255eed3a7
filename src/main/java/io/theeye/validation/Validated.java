package io.theeye.validation;

import io.theeye.event.FieldError;
import io.theeye.event.FieldErrors;
import java.util.List;

/**
 * What a check of something sent makes of it: the value it stands for, or what is wrong with it. The one outcome of
 * every check an event goes through: the ingest rules (a {@code Validated<Event>}), its type's payload schema (the
 * version it passed), and the two together ({@link EventValidation}).
 *
 * @param <T> what a valid input stands for
 */
public sealed interface Validated<T> {

    /** @param value what the input stands for; for a payload schema's check, the version passed or null for none */
    record Valid<T>(T value) implements Validated<T> {}

    /**
     * @param errors each problem, named by its path; bounded as every refusal's are ({@link FieldErrors#bounded}), so
     *     that an answer lists what {@code rejected_events} keeps
     */
    record Invalid<T>(List<FieldError> errors) implements Validated<T> {

        public Invalid {
            errors = FieldErrors.bounded(errors);
        }
    }
}
