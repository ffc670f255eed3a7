package io.theeye.validation;

import io.theeye.event.FieldPath;
import io.theeye.event.StorableNumber;
import io.theeye.event.StorableText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds what in an event no store can keep as sent: text with a NUL character or an unpaired UTF-16 surrogate, and
 * numbers that written out in full would be too long ({@link StorableNumber}). Such a value is the sender's mistake,
 * refused on every store alike, rather than a storage failure answered with 503 (and retried for ever), a value stored
 * altered, or a short event that reads back huge. Also writes data out as the stores keep it.
 */
final class StorableJson {

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
     * Whether the number may be stored: written out in full, as PostgreSQL's jsonb and {@link #write} write it, it is
     * at most {@value StorableNumber#MAX_PLAIN_LENGTH} characters (see {@link StorableNumber}).
     */
    static boolean fits(JsonNode number) {
        if (number.isBigDecimal()) {
            return StorableNumber.fits(number.decimalValue());
        }
        if (number.isBigInteger()) {
            return StorableNumber.fits(new BigDecimal(number.bigIntegerValue()));
        }
        // Ints and longs are short. Doubles come only from a reader without USE_BIG_DECIMAL_FOR_FLOATS, never from
        // EventValidation.reader, which every event is read with.
        return !number.isFloatingPointNumber() || Double.isFinite(number.doubleValue());
    }

    /**
     * The data as the stores keep it and read it back: numbers written out in full ({@code 1E+3} as {@code 1000}),
     * the size the data limit bounds. Null when it is over {@code maxBytes} of UTF-8: writing stops there, so data
     * that would be large written out never is. Call it only on data whose numbers all {@link #fits fit}.
     */
    static String write(ObjectWriter plain, JsonNode data, long maxBytes) {
        BoundedBuffer buffer = new BoundedBuffer(maxBytes);
        try {
            plain.writeValue(buffer, data);
        } catch (RuntimeException e) {
            // Jackson may hand the buffer's failure on as it is or wrapped: the buffer knows.
            if (buffer.overflowed) {
                return null;
            }
            throw e;
        }
        return buffer.overflowed ? null : buffer.toString(StandardCharsets.UTF_8);
    }

    /** A writer of data in the form {@link #write} needs: numbers in full, never with an exponent. */
    static ObjectWriter plainWriter(JsonMapper json) {
        return json.writer().with(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN);
    }

    /** Holds at most so many bytes; writing more fails, which stops the writer. */
    private static final class BoundedBuffer extends ByteArrayOutputStream {

        private final long max;
        private boolean overflowed;

        BoundedBuffer(long max) {
            super(256);
            this.max = max;
        }

        @Override
        public void write(int b) {
            require(1);
            super.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            require(length);
            super.write(bytes, offset, length);
        }

        private void require(int more) {
            if (count + (long) more > max) {
                overflowed = true;
                throw new UncheckedIOException(new IOException("over " + max + " bytes"));
            }
        }
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
            if (!fits(value)) {
                errors.add(path, StorableNumber.MESSAGE);
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
