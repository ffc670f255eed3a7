package io.theeye.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.theeye.support.Generated;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class EventTimestampsTests {

    private static final Instant EXPECTED = Instant.parse("2021-01-01T09:15:27.243860Z");

    @Test
    void readsNaiveTimestampWithSpaceAsUtc() {
        assertThat(EventTimestamps.parse("2021-01-01 09:15:27.243860")).isEqualTo(EXPECTED);
    }

    @Test
    void readsNaiveTimestampWithTAsUtc() {
        assertThat(EventTimestamps.parse("2021-01-01T09:15:27.243860")).isEqualTo(EXPECTED);
    }

    @Test
    void readsTimestampWithZ() {
        assertThat(EventTimestamps.parse("2021-01-01T09:15:27.243860Z")).isEqualTo(EXPECTED);
    }

    @Test
    void readsTimestampWithSpaceAndZ() {
        assertThat(EventTimestamps.parse("2021-01-01 09:15:27.243860Z")).isEqualTo(EXPECTED);
    }

    @Test
    void convertsPositiveOffsetToUtc() {
        assertThat(EventTimestamps.parse("2021-01-01T11:15:27.243860+02:00")).isEqualTo(EXPECTED);
    }

    @Test
    void convertsNegativeOffsetToUtc() {
        assertThat(EventTimestamps.parse("2020-12-31T23:45:27.243860-09:30")).isEqualTo(EXPECTED);
    }

    @Test
    void readsTimestampWithoutFraction() {
        assertThat(EventTimestamps.parse("2021-01-01 09:15:27")).isEqualTo(Instant.parse("2021-01-01T09:15:27Z"));
    }

    @Test
    void readsMillisecondFraction() {
        assertThat(EventTimestamps.parse("2021-01-01T09:15:27.243Z"))
                .isEqualTo(Instant.parse("2021-01-01T09:15:27.243Z"));
    }

    @Test
    void truncatesNanosecondFractionToMicroseconds() {
        assertThat(EventTimestamps.parse("2021-01-01T09:15:27.243860999Z")).isEqualTo(EXPECTED);
    }

    @Test
    void refusesMonth13() {
        assertThatExceptionOfType(DateTimeParseException.class)
                .isThrownBy(() -> EventTimestamps.parse("2021-13-01 00:00:00"));
    }

    @Test
    void refusesThirtiethOfFebruary() {
        assertThatExceptionOfType(DateTimeParseException.class)
                .isThrownBy(() -> EventTimestamps.parse("2021-02-30T00:00:00"));
    }

    @Test
    void refusesHour24() {
        assertThatExceptionOfType(DateTimeParseException.class)
                .isThrownBy(() -> EventTimestamps.parse("2021-01-01T24:00:00Z"));
    }

    @Test
    void refusesWords() {
        assertThatExceptionOfType(DateTimeParseException.class).isThrownBy(() -> EventTimestamps.parse("yesterday"));
    }

    @Test
    void refusesDateWithoutTime() {
        assertThatExceptionOfType(DateTimeParseException.class).isThrownBy(() -> EventTimestamps.parse("2021-01-01"));
    }

    @Test
    void refusesTimeWithoutSeconds() {
        assertThatExceptionOfType(DateTimeParseException.class)
                .isThrownBy(() -> EventTimestamps.parse("2021-01-01T09:15Z"));
    }

    @Test
    void refusesEpochSeconds() {
        assertThatExceptionOfType(DateTimeParseException.class).isThrownBy(() -> EventTimestamps.parse("1609492527"));
    }

    @Test
    void refusesEmptyString() {
        assertThatExceptionOfType(DateTimeParseException.class).isThrownBy(() -> EventTimestamps.parse(""));
    }

    @Test
    void refusesTrailingText() {
        assertThatExceptionOfType(DateTimeParseException.class)
                .isThrownBy(() -> EventTimestamps.parse("2021-01-01T09:15:27Z and more"));
    }

    @Test
    void formatsInUtcWithSixFractionDigits() {
        assertThat(EventTimestamps.format(java.time.Instant.parse("2021-01-01T09:15:27Z")))
                .isEqualTo("2021-01-01T09:15:27.000000Z");
        assertThat(EventTimestamps.format(java.time.Instant.parse("2021-01-01T09:15:27.24386Z")))
                .isEqualTo("2021-01-01T09:15:27.243860Z");
    }

    @Test
    void formatsLikeTheIsoFormatterForAnyInstantOfTheseTenThousandYears() {
        java.time.format.DateTimeFormatter reference = java.time.format.DateTimeFormatter.ofPattern(
                        "uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
                .withZone(java.time.ZoneOffset.UTC);
        java.util.Random random = new java.util.Random(42);
        long min = java.time.Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = java.time.Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 10_000; i++) {
            java.time.Instant instant = java.time.Instant.ofEpochSecond(
                    min + (long) (random.nextDouble() * (max - min)), random.nextInt(1_000_000) * 1000L);

            assertThat(EventTimestamps.format(instant)).isEqualTo(reference.format(instant));
        }
    }

    @Test
    void readsAnOffsetWithoutColon() {
        assertThat(EventTimestamps.parse("2021-01-01T11:15:27+0200")).isEqualTo(Instant.parse("2021-01-01T09:15:27Z"));
        assertThat(EventTimestamps.parse("2021-01-01 04:15:27-0500")).isEqualTo(Instant.parse("2021-01-01T09:15:27Z"));
    }

    @Test
    void readsAnOffsetOfHoursOnly() {
        assertThat(EventTimestamps.parse("2021-01-01T11:15:27+02")).isEqualTo(Instant.parse("2021-01-01T09:15:27Z"));
    }

    @Test
    void refusesTheYearZero() {
        assertThatThrownBy(() -> EventTimestamps.parse("0000-12-31T23:59:59Z"))
                .isInstanceOf(java.time.format.DateTimeParseException.class);
    }

    @Test
    void refusesYearsBeforeOurEra() {
        assertThatThrownBy(() -> EventTimestamps.parse("-5000-01-01T00:00:00Z"))
                .isInstanceOf(java.time.format.DateTimeParseException.class);
    }

    @Test
    void refusesYearsAfter9999() {
        assertThatThrownBy(() -> EventTimestamps.parse("+10000-01-01T00:00:00Z"))
                .isInstanceOf(java.time.format.DateTimeParseException.class);
    }

    @Test
    void readsTheFirstAndLastMicrosecondsOfTheRange() {
        assertThat(EventTimestamps.parse("0001-01-01T00:00:00Z")).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
        assertThat(EventTimestamps.parse("9999-12-31T23:59:59.999999Z"))
                .isEqualTo(Instant.parse("9999-12-31T23:59:59.999999Z"));
    }

    @Test
    void readsEveryTextAsTheFormatterDoes() {
        Generated.forAll(
                200_000,
                EventTimestampsTests::timestampLike,
                text -> assertThat(outcome(() -> EventTimestamps.parse(text)))
                        .isEqualTo(outcome(() -> EventTimestamps.parseByFormatter(text))));
    }

    @Test
    void readsTheCommonFormsByHand() {
        // The comparison above holds only if the hand-written reading is used: it must take these forms.
        for (String text : List.of(
                "2021-01-01T09:15:27.243860Z",
                "2021-01-01 09:15:27.243860",
                "2021-01-01T11:15:27.243860+02:00",
                "2021-01-01T11:15:27+0200",
                "2021-01-01T09:15:27")) {
            assertThat(EventTimestamps.parseCommonForm(text)).as(text).isNotNull();
        }
    }

    private static String outcome(Supplier<Instant> parse) {
        try {
            return parse.get().toString();
        } catch (DateTimeParseException e) {
            return "refused";
        }
    }

    /** Texts near the accepted forms: fields in and out of range, every separator and offset form, then mutated. */
    private static String timestampLike(SplittableRandom random) {
        StringBuilder text = new StringBuilder()
                .append(number(random, 4, 0, 10_000))
                .append(Generated.oneOf(random, "-", "-", "-", "/"))
                .append(number(random, 2, 0, 14))
                .append('-')
                .append(number(random, 2, 0, 32))
                .append(Generated.oneOf(random, "T", " ", "T", " ", "t", "_"))
                .append(number(random, 2, 0, 25))
                .append(':')
                .append(number(random, 2, 0, 61))
                .append(Generated.oneOf(random, ":", ":", ":", "."))
                .append(number(random, 2, 0, 61));
        if (random.nextBoolean()) {
            text.append(Generated.oneOf(random, ".", ".", ",")).append(Generated.string(random, "0123456789", 0, 11));
        }
        text.append(Generated.oneOf(
                random,
                "",
                "Z",
                "z",
                "+" + number(random, 2, 0, 20) + ":" + number(random, 2, 0, 61),
                "-" + number(random, 2, 0, 20) + ":" + number(random, 2, 0, 61),
                "+" + number(random, 2, 0, 20) + number(random, 2, 0, 61),
                "-" + number(random, 2, 0, 20),
                "+02:00:30",
                " Z",
                "+2:00"));
        int mutations = random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0;
        for (int i = 0; i < mutations && !text.isEmpty(); i++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(3)) {
                case 0 -> text.deleteCharAt(at);
                case 1 -> text.insert(at, Generated.oneOf(random, '0', '9', ':', '-', '+', 'T', ' ', '.', 'Z', 'x'));
                default -> text.setCharAt(at, Generated.oneOf(random, '0', '5', ':', '-', '+', 'T', ' ', '.', 'Z'));
            }
        }
        return text.toString();
    }

    private static String number(SplittableRandom random, int width, int from, int to) {
        String digits = Integer.toString(from + random.nextInt(to - from));
        return "0".repeat(Math.max(0, width - digits.length())) + digits;
    }
}
