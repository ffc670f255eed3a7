package io.theeye.event;

/**
 * One problem with one field of a request. Both parts are shown to the client and stored with a refused event, so
 * they never hold text a store cannot keep (see {@link StorableText}), and the message is at most
 * {@value #MAX_MESSAGE_LENGTH} characters.
 *
 * @param field the field's name, or, in an event, its path: {@code session_id}, {@code data.items[2].name},
 *     {@code data["odd key"]}
 * @param message what is wrong with it
 */
public record FieldError(String field, String message) {

    public static final int MAX_MESSAGE_LENGTH = 200;

    public FieldError {
        field = StorableText.of(field);
        message = StorableText.truncate(StorableText.of(message), MAX_MESSAGE_LENGTH);
    }
}
