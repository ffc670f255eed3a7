package io.theeye.event;

import java.util.List;

/**
 * How an error names the field at fault: a JSONPath without the leading {@code $}. A key that is a plain identifier
 * ({@code [A-Za-z_][A-Za-z0-9_]*}) stands alone at the top level ({@code session_id}) and follows a dot below it
 * ({@code data.items}); any other key is a JSON string in brackets ({@code data["odd key"]}), whose escapes also spell
 * out the characters that cannot be stored as such (a NUL is the six characters backslash, {@code u0000}); an array
 * element is its index in brackets ({@code data.items[2]}).
 */
public final class FieldPath {

    private FieldPath() {}

    /** The path of a top-level field. */
    public static String of(String key) {
        return render(List.of(key));
    }

    /**
     * The path, at most {@value FieldErrors#MAX_PATH_LENGTH} characters as every error names it (a longer one is cut,
     * ending with "…"). Rendering stops there: the path of a value under a 50,000-character key costs no more than
     * any other.
     *
     * @param segments from the top: keys ({@link String}) and array indexes ({@link Integer})
     */
    public static String render(List<?> segments) {
        StringBuilder path = new StringBuilder();
        for (Object segment : segments) {
            if (path.length() > FieldErrors.MAX_PATH_LENGTH) {
                break;
            }
            if (segment instanceof String key) {
                if (!isIdentifier(key)) {
                    quote(key, path.append('[')).append(']');
                } else if (path.isEmpty()) {
                    appendUpToTheLimit(key, path);
                } else {
                    appendUpToTheLimit(key, path.append('.'));
                }
            } else {
                path.append('[').append(segment).append(']');
            }
        }
        return FieldErrors.path(path.toString());
    }

    private static void appendUpToTheLimit(String key, StringBuilder path) {
        // One character past the limit tells FieldErrors.path that the path was longer.
        int room = FieldErrors.MAX_PATH_LENGTH + 1 - path.length();
        path.append(key, 0, Math.max(0, Math.min(key.length(), room)));
    }

    private static boolean isIdentifier(String key) {
        if (key.isEmpty() || key.charAt(0) >= '0' && key.charAt(0) <= '9') {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The key as a JSON string; control characters and surrogates that are not half of a pair as escapes. Stops once
     * the path is past its limit (the rest would be cut anyway).
     */
    private static StringBuilder quote(String key, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < key.length() && out.length() <= FieldErrors.MAX_PATH_LENGTH; i++) {
            char c = key.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                escape(c, out);
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < key.length()
                    && Character.isLowSurrogate(key.charAt(i + 1))) {
                out.append(c).append(key.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                escape(c, out);
            } else {
                out.append(c);
            }
        }
        return out.append('"');
    }

    /** Appends the character as a JSON unicode escape: backslash, u, four hex digits. */
    public static StringBuilder escape(char c, StringBuilder out) {
        return out.append("\\u").append(String.format("%04x", (int) c));
    }
}
