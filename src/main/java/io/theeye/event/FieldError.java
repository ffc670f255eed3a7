package io.theeye.event;

/**
 * One problem with one field of a request. Both parts are shown to the client and stored with a refused event, so
 * they never hold text a store cannot keep (see {@link StorableText}), and both are bounded (see {@link FieldErrors}):
 * the path is at most {@value FieldErrors#MAX_PATH_LENGTH} characters, cut with "…", the message at most
 * {@value FieldErrors#MAX_MESSAGE_LENGTH}.
 *
 * @param field the field's name, or, in an event, its path: {@code session_id}, {@code data.items[2].name},
 *     {@code data["odd key"]}
 * @param message what is wrong with it
 */
public record FieldError(String field, String message) {

    public FieldError {
        field = FieldErrors.path(StorableText.of(field));
        message = FieldErrors.message(StorableText.of(message));
    }
}
