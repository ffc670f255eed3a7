package io.theeye.event;

import java.util.ArrayList;
import java.util.List;

/**
 * How much the errors of one refusal may hold, whatever the event holds. They are answered and stored with every
 * refused event, so without bounds an event costs its errors many times over: each error names its field's full path,
 * and a 50,000-character key with 20 errors would store about a megabyte of errors.
 */
public final class FieldErrors {

    /** Most errors one refusal lists; past it the last entry says how many more there were. */
    public static final int MAX_ERRORS = 20;

    /** Longest path an error names; a longer one is cut, ending with {@value #CUT}. */
    public static final int MAX_PATH_LENGTH = 200;

    /** Longest message of an error; a longer one is cut. */
    public static final int MAX_MESSAGE_LENGTH = 200;

    /** Most bytes the errors of one refusal take as JSON in UTF-8, as a store writes them back. */
    public static final int MAX_STORED_BYTES = 16 * 1024;

    static final String CUT = "\u2026";

    // As PostgreSQL's jsonb writes an error out, the larger of its form and Jackson's: {"field": "", "message": ""}
    private static final int ERROR_OVERHEAD = 28;
    // ", " between two errors, and the brackets of the list
    private static final int SEPARATOR = 2;

    private FieldErrors() {}

    /** The path as an error names it: at most {@value #MAX_PATH_LENGTH} characters, a longer one cut with "…". */
    public static String path(String path) {
        if (path.length() <= MAX_PATH_LENGTH) {
            return path;
        }
        return StorableText.truncate(path, MAX_PATH_LENGTH - CUT.length()) + CUT;
    }

    /** The message as an error says it: at most {@value #MAX_MESSAGE_LENGTH} characters. */
    public static String message(String message) {
        return StorableText.truncate(message, MAX_MESSAGE_LENGTH);
    }

    /**
     * The errors of an event as they are answered and stored: at most {@value #MAX_ERRORS}, and at most
     * {@value #MAX_STORED_BYTES} bytes as JSON. When they are more, the last entry says how many were left out:
     * {@code {"field": "event", "message": "7 more errors not listed"}}.
     */
    public static List<FieldError> bounded(List<FieldError> errors) {
        return bounded("event", errors, 0);
    }

    /**
     * @param summaryField the field the entry saying how many were left out names
     * @param errors the errors, in the order to list them
     * @param omitted how many errors there were besides these, already left out (counted, never kept)
     */
    public static List<FieldError> bounded(String summaryField, List<FieldError> errors, int omitted) {
        if (omitted == 0 && errors.size() <= MAX_ERRORS && jsonBytes(errors) <= MAX_STORED_BYTES) {
            return List.copyOf(errors);
        }
        FieldError largestSummary = summary(summaryField, Integer.MAX_VALUE);
        long bytes = jsonBytes(largestSummary) + SEPARATOR;
        List<FieldError> listed = new ArrayList<>(MAX_ERRORS);
        for (FieldError error : errors) {
            long size = jsonBytes(error) + SEPARATOR;
            if (listed.size() == MAX_ERRORS - 1 || bytes + size > MAX_STORED_BYTES) {
                break;
            }
            listed.add(error);
            bytes += size;
        }
        long left = (long) errors.size() - listed.size() + omitted;
        listed.add(summary(summaryField, left));
        return List.copyOf(listed);
    }

    private static FieldError summary(String field, long left) {
        return new FieldError(field, left + " more errors not listed");
    }

    /** The bytes of the errors as a JSON array, as a store writes them back (see {@link #jsonBytes(FieldError)}). */
    static long jsonBytes(List<FieldError> errors) {
        long bytes = SEPARATOR * Math.max(1, errors.size());
        for (FieldError error : errors) {
            bytes += jsonBytes(error);
        }
        return bytes;
    }

    /**
     * The bytes of one error as a JSON object in UTF-8: as PostgreSQL's jsonb writes it back (a space after each colon
     * and comma), which is longer than Jackson's form; both escape the same characters.
     */
    static long jsonBytes(FieldError error) {
        return ERROR_OVERHEAD + jsonStringBytes(error.field()) + jsonStringBytes(error.message());
    }

    /** The bytes of the text inside a JSON string's quotes: escapes and UTF-8. */
    private static long jsonStringBytes(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') {
                bytes += 2;
            } else if (c < 0x20) {
                bytes += 6;
            } else if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800 || Character.isSurrogate(c)) {
                // a surrogate pair is 4 bytes; an unpaired one never reaches here (FieldError replaces it)
                bytes += 2;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
