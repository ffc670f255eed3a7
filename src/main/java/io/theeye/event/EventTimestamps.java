package io.theeye.event;

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
        Instant instant = local.toInstant(offset).truncatedTo(ChronoUnit.MICROS);
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new DateTimeParseException("outside the years 1 to 9999", text, 0);
        }
        return instant;
    }
}
