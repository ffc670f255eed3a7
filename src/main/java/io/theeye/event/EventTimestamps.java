package io.theeye.event;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.regex.Pattern;

/**
 * Reads event timestamps: ISO-8601 with {@code Z} or an offset, or naive ({@code 2021-01-01 09:15:27.243860},
 * the original service's format, or with a {@code T}) taken as UTC. Kept to the microsecond.
 */
public final class EventTimestamps {

    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd()
            .optionalStart()
            .parseLenient()
            .appendOffset("+HH:MM", "Z")
            .parseStrict()
            .optionalEnd()
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);

    /** An offset written without its colon, {@code +0200}, as ISO-8601's basic format allows. */
    private static final Pattern BASIC_OFFSET = Pattern.compile("([+-]\\d{2})(\\d{2})$");

    /** The range both databases store and every client can read back: years 1 to 9999. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    /** How the API writes instants: UTC, always six fraction digits, {@code Z}. */
    private static final DateTimeFormatter WRITE = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 6, 6, true)
            .appendLiteral('Z')
            .toFormatter()
            .withZone(ZoneOffset.UTC);

    /** What to tell a client whose timestamp {@link #parse} refused. */
    public static final String EXPECTED =
            "must be ISO-8601 with Z or an offset, or YYYY-MM-DD HH:MM:SS[.ffffff] taken as UTC, in the years 1 to 9999";

    private EventTimestamps() {}

    /** Writes an instant as ISO-8601 in UTC to the microsecond, e.g. {@code 2021-01-01T09:15:27.243860Z}. */
    public static String format(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        if (t.getYear() < 0 || t.getYear() > 9999) {
            return WRITE.format(instant);
        }
        // Exports write two of these per event: laid out by hand, it costs a fifth of DateTimeFormatter's time.
        char[] text = new char[27];
        digits(text, 0, t.getYear(), 4);
        text[4] = '-';
        digits(text, 5, t.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, t.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, t.getHour(), 2);
        text[13] = ':';
        digits(text, 14, t.getMinute(), 2);
        text[16] = ':';
        digits(text, 17, t.getSecond(), 2);
        text[19] = '.';
        digits(text, 20, t.getNano() / 1000, 6);
        text[26] = 'Z';
        return new String(text);
    }

    private static void digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * @throws DateTimeParseException when the text is in none of the accepted forms
     */
    public static Instant parse(String text) {
        Instant instant = parseCommonForm(text);
        return checked(instant == null ? parseAnyForm(text) : instant, text);
    }

    /**
     * The forms nearly every client sends ({@code 2021-01-01T09:15:27.243860Z}, with a space, an offset or no zone),
     * read by hand: the formatter took a tenth of a single-event request's CPU. Null for any other form, which
     * {@link #parseAnyForm} reads or refuses; both agree on every text (a test compares them).
     */
    static Instant parseCommonForm(String text) {
        int length = text.length();
        if (length < 19
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || (text.charAt(10) != 'T' && text.charAt(10) != ' ')
                || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int at = 19;
        int nanos = 0;
        if (at < length && text.charAt(at) == '.') {
            int start = ++at;
            while (at < length && at - start < 9 && isDigit(text.charAt(at))) {
                nanos = nanos * 10 + (text.charAt(at++) - '0');
            }
            int fractionDigits = at - start;
            if (fractionDigits == 0 || (at < length && isDigit(text.charAt(at)))) {
                return null;
            }
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (at == length) {
            offsetSeconds = 0;
        } else if (at == length - 1 && text.charAt(at) == 'Z') {
            offsetSeconds = 0;
        } else if ((text.charAt(at) == '+' || text.charAt(at) == '-')
                && (at + 6 == length && text.charAt(at + 3) == ':' || at + 5 == length)) {
            int hours = digits(text, at + 1, 2);
            int minutes = digits(text, length - 2, 2);
            if ((hours | minutes) < 0 || hours > 18 || minutes > 59 || (hours == 18 && minutes > 0)) {
                return null;
            }
            offsetSeconds = (text.charAt(at) == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
        } else {
            return null;
        }
        LocalDateTime local;
        try {
            local = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
        } catch (DateTimeException e) {
            // Out of range (a 13th month, a 30 February ...): refused as the formatter refuses it.
            return null;
        }
        return local.toInstant(ZoneOffset.ofTotalSeconds(offsetSeconds)).truncatedTo(ChronoUnit.MICROS);
    }

    /** The value of {@code count} decimal digits at {@code from}, or -1 if any is not one. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** {@link #parse} by the formatter alone, for the test that compares it with the hand-written reading. */
    static Instant parseByFormatter(String text) {
        return checked(parseAnyForm(text), text);
    }

    /** Every accepted form, by the formatter. */
    private static Instant parseAnyForm(String text) {
        String normalised =
                text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        if (normalised.length() > 19) {
            normalised = BASIC_OFFSET.matcher(normalised).replaceFirst("$1:$2");
        }
        TemporalAccessor parsed = FORMAT.parse(normalised);
        LocalDateTime local = LocalDateTime.from(parsed);
        ZoneOffset offset = parsed.isSupported(ChronoField.OFFSET_SECONDS)
                ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS))
                : ZoneOffset.UTC;
        return local.toInstant(offset).truncatedTo(ChronoUnit.MICROS);
    }

    /** Whether the instant lies in the years 1 to 9999, which both databases store and every client reads. */
    public static boolean inRange(Instant instant) {
        return !instant.isBefore(EARLIEST) && !instant.isAfter(LATEST);
    }

    private static Instant checked(Instant instant, String text) {
        if (!inRange(instant)) {
            throw new DateTimeParseException("outside the years 1 to 9999", text, 0);
        }
        return instant;
    }
}
