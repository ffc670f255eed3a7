package io.theeye.ingest;

import io.theeye.event.FieldPath;
import io.theeye.event.StorableText;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Finds what in an event no store can keep as sent: text with a NUL character or an unpaired UTF-16 surrogate, and
 * numbers beyond PostgreSQL's {@code numeric}. Such a value is the sender's mistake, refused on every store alike,
 * rather than a storage failure answered with 503 (and retried for ever) or a value stored altered.
 */
final class StorableJson {

    static final String NUMBER_MESSAGE = "must have at most 131072 digits before the decimal point and 16383 after it"
            + " (written out in full), and an exponent below 1073741823";

    // PostgreSQL's numeric, which jsonb keeps numbers in (numeric_in, make_result; checked against PostgreSQL 15):
    // at most 16383 digits after the decimal point, trailing zeros included, and a leading digit at most at 10^131071.
    // An exponent of +-1073741823 or more is refused as written (16 and later allow exactly 1073741823), which within
    // the digit limits only a zero can have.
    private static final int MAX_SCALE = 16383;
    private static final int MAX_LEADING_DIGIT_POWER = 131071;
    private static final int MAX_EXPONENT = 1073741822;

    private StorableJson() {}

    /** What makes the text unstorable (as the rest of a sentence naming the field), or null when nothing does. */
    static String textProblem(String text) {
        int bad = StorableText.firstUnstorable(text);
        if (bad < 0) {
            return null;
        }
        char c = text.charAt(bad);
        if (c == '\0') {
            return "must not contain the NUL character (\\u0000)";
        }
        return FieldPath.escape(c, new StringBuilder("must not contain an unpaired UTF-16 surrogate ("))
                .append(") at character ")
                .append(text.codePointCount(0, bad) + 1)
                .toString();
    }

    /**
     * Whether PostgreSQL's jsonb holds the number. Checked on the number as it is stored: Jackson keeps the digits
     * and scale as sent and writes them back as {@link BigDecimal#toString()} does ({@code 1.0e-16383} is
     * {@code 1.0E-16383}), and the other stores keep that text.
     */
    static boolean fitsNumeric(JsonNode number) {
        if (number.isBigDecimal()) {
            return fitsNumeric(number.decimalValue());
        }
        if (number.isBigInteger()) {
            return fitsNumeric(new BigDecimal(number.bigIntegerValue()));
        }
        if (number.isFloatingPointNumber()) {
            // Only a reader without USE_BIG_DECIMAL_FOR_FLOATS makes doubles; JSON has no NaN or Infinity to store.
            return Double.isFinite(number.doubleValue());
        }
        return true;
    }

    static boolean fitsNumeric(BigDecimal number) {
        if (number.scale() > MAX_SCALE) {
            return false;
        }
        if (number.signum() == 0) {
            return -(long) number.scale() <= MAX_EXPONENT;
        }
        return (long) number.precision() - 1 - number.scale() <= MAX_LEADING_DIGIT_POWER;
    }

    /** Adds an error for each key, string and number under {@code data} that cannot be stored. */
    static void check(String field, JsonNode value, EventErrors errors) {
        List<Object> path = new ArrayList<>();
        path.add(field);
        check(value, path, errors);
    }

    private static void check(JsonNode value, List<Object> path, EventErrors errors) {
        if (value.isString()) {
            String problem = textProblem(value.stringValue());
            if (problem != null) {
                errors.add(path, problem);
            }
        } else if (value.isNumber()) {
            if (!fitsNumeric(value)) {
                errors.add(path, NUMBER_MESSAGE);
            }
        } else if (value.isObject()) {
            for (Map.Entry<String, JsonNode> member : value.properties()) {
                path.add(member.getKey());
                String problem = textProblem(member.getKey());
                if (problem != null) {
                    errors.add(path, "the key " + problem);
                }
                check(member.getValue(), path, errors);
                path.removeLast();
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                path.add(i);
                check(value.get(i), path, errors);
                path.removeLast();
            }
        }
    }
}
