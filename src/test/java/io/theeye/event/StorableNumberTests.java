package io.theeye.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StorableNumberTests {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0",
                "-0.0",
                "0E-5",
                "7",
                "-7",
                "1E+3",
                "1.0E+2",
                "1.00E-2",
                "-1E-3",
                "123.456E+1",
                "0.5",
                "-12.5"
            })
    void measuresTheLengthOfThePlainForm(String number) {
        BigDecimal value = new BigDecimal(number);

        assertThat(StorableNumber.plainLength(value))
                .isEqualTo(value.toPlainString().length());
    }

    @Test
    void measuresAsToPlainStringDoesForAnyNumber() {
        SplittableRandom random = new SplittableRandom(16);
        for (int i = 0; i < 10_000; i++) {
            BigDecimal value = BigDecimal.valueOf(random.nextLong() >> random.nextInt(64), random.nextInt(-1200, 1200));
            if (value.signum() == 0 && value.scale() < 0) {
                continue;
            }
            assertThat(StorableNumber.plainLength(value))
                    .as(value.toString())
                    .isEqualTo(value.toPlainString().length());
        }
    }

    @Test
    void countsTheDigitsAZeroWithAnExponentStandsFor() {
        assertThat(StorableNumber.plainLength(new BigDecimal("0E+3"))).isEqualTo(4);
        assertThat(StorableNumber.fits(new BigDecimal("0E+999"))).isTrue();
        assertThat(StorableNumber.fits(new BigDecimal("0E+1000"))).isFalse();
    }

    @Test
    void measuresExponentsNoStringCouldHoldWithoutOverflowing() {
        assertThat(StorableNumber.plainLength(new BigDecimal("-9E+2147483647"))).isEqualTo(2_147_483_649L);
        assertThat(StorableNumber.plainLength(new BigDecimal("9E-2147483647"))).isEqualTo(2_147_483_649L);
        assertThat(StorableNumber.fits(new BigDecimal("1E+2147483647"))).isFalse();
    }

    @Test
    void allowsAThousandCharactersWrittenOut() {
        assertThat(StorableNumber.fits(new BigDecimal("1E+900"))).isTrue();
        assertThat(StorableNumber.fits(new BigDecimal("1E+999"))).isTrue();
        assertThat(StorableNumber.fits(new BigDecimal("-1E-997"))).isTrue();
        assertThat(StorableNumber.fits(new BigDecimal("1E+1000"))).isFalse();
        assertThat(StorableNumber.fits(new BigDecimal("-1E+999"))).isFalse();
        assertThat(StorableNumber.fits(new BigDecimal("1E+131071"))).isFalse();
        assertThat(StorableNumber.fits(new BigDecimal("1E-999"))).isFalse();
    }

    @Test
    void keepsItsMessageWithinTheBoundOfAnErrorMessage() {
        assertThat(StorableNumber.MESSAGE).hasSizeLessThanOrEqualTo(FieldErrors.MAX_MESSAGE_LENGTH);
    }
}
