package io.theeye.event;

/**
 * One problem with one field of a request.
 *
 * @param field the field's name as the client sent it
 * @param message what is wrong with it
 */
public record FieldError(String field, String message) {}
