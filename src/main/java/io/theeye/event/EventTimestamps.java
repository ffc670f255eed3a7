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
            .appendOffset("+HH:MM", "Z")
            .optionalEnd()
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);

    /** How the API writes instants: UTC, always six fraction digits, {@code Z}. */
    private static final DateTimeFormatter WRITE = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 6, 6, true)
            .appendLiteral('Z')
            .toFormatter()
            .withZone(ZoneOffset.UTC);

    private EventTimestamps() {}

    /** Writes an instant as ISO-8601 in UTC to the microsecond, e.g. {@code 2021-01-01T09:15:27.243860Z}. */
    public static String format(Instant instant) {
        return WRITE.format(instant);
    }

    /**
     * @throws DateTimeParseException when the text is in none of the accepted forms
     */
    public static Instant parse(String text) {
        String normalised =
                text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
        TemporalAccessor parsed = FORMAT.parse(normalised);
        LocalDateTime local = LocalDateTime.from(parsed);
        ZoneOffset offset = parsed.isSupported(ChronoField.OFFSET_SECONDS)
                ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS))
                : ZoneOffset.UTC;
        return local.toInstant(offset).truncatedTo(ChronoUnit.MICROS);
    }
}
