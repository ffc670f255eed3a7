package io.theeye.event;

import java.math.BigDecimal;

/**
 * What a number of an event's {@code data} may cost written out. Numbers are bounded by their plain decimal form, not
 * by what was sent: PostgreSQL's jsonb writes every number out in full (the 9 characters {@code 1E+131071} read back
 * as 131,072 digits), so a bound on the short form bounds neither what is stored nor what is read back. At most
 * {@value #MAX_PLAIN_LENGTH} characters, so that everything reading stored data back (the admin pages, exports,
 * clients with Jackson's default limits) reads every number it finds.
 */
public final class StorableNumber {

    public static final int MAX_PLAIN_LENGTH = 1000;

    public static final String MESSAGE = "must be at most " + MAX_PLAIN_LENGTH
            + " characters written out in full, without an exponent (1E+999 is 1000 characters, 1E+1000 is too many)";

    private StorableNumber() {}

    /** Whether the number may be stored: its plain form is at most {@value #MAX_PLAIN_LENGTH} characters. */
    public static boolean fits(BigDecimal number) {
        return plainLength(number) <= MAX_PLAIN_LENGTH;
    }

    /**
     * The length of the number written out in full: its digits as sent, with the trailing zeros an exponent stands for
     * or the leading zeros and point a negative one needs, and its sign: {@link BigDecimal#toPlainString()}'s length,
     * computed without building the string (which for {@code 1E+2147483647} would not fit in memory). A zero with a
     * positive exponent counts as its digits written out too ({@code 0E+3}: 4), where {@code toPlainString} says
     * {@code 0}: such a zero is of no use to anyone, and Jackson refuses to write one beyond {@code 0E+9999} in plain.
     */
    public static long plainLength(BigDecimal number) {
        long digits = number.precision();
        long scale = number.scale();
        long length;
        if (scale <= 0) {
            length = digits - scale;
        } else {
            // 123.45 (5 digits, scale 2): the digits and a point; 0.00123 (3 digits, scale 5): "0." and 5 digits
            length = Math.max(digits, scale + 1) + 1;
        }
        return number.signum() < 0 ? length + 1 : length;
    }
}
