package io.theeye.event;

/**
 * Makes text every store can keep. PostgreSQL refuses the NUL character in text and jsonb, and half of a UTF-16
 * surrogate pair has no UTF-8 form for any store to keep (the PostgreSQL driver silently turns it into {@code ?}). What we record
 * about a refused request must never make storing fail, so there such characters become U+FFFD; client text that
 * is to be stored as sent is refused instead (see the validation package).
 */
public final class StorableText {

    static final char REPLACEMENT = '\uFFFD';

    private StorableText() {}

    /** The text with each NUL character and each unpaired surrogate replaced by U+FFFD. */
    public static String of(String text) {
        int bad = firstUnstorable(text);
        if (bad < 0) {
            return text;
        }
        char[] chars = text.toCharArray();
        for (int i = bad; i < chars.length; i++) {
            char c = chars[i];
            if (c == '\0') {
                chars[i] = REPLACEMENT;
            } else if (Character.isHighSurrogate(c) && i + 1 < chars.length && Character.isLowSurrogate(chars[i + 1])) {
                i++;
            } else if (Character.isSurrogate(c)) {
                chars[i] = REPLACEMENT;
            }
        }
        return new String(chars);
    }

    /**
     * The index of the first NUL character or unpaired surrogate of the text, or -1 when it has none.
     */
    public static int firstUnstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return i;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c)
                        && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * The text cut to at most {@code maxChars} UTF-16 units, never between the two halves of a surrogate pair (which
     * would leave an unpaired one).
     */
    public static String truncate(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int end = maxChars;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1)) && Character.isLowSurrogate(text.charAt(end))) {
            end--;
        }
        return text.substring(0, end);
    }
}
