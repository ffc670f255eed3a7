package io.theeye.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
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
}
