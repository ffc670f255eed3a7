package io.theeye.validation;

import java.time.Duration;
import org.springframework.util.unit.DataSize;

/** The rules events are held to as the defaults set them, for tests that build parsers and validations by hand. */
final class TestValidationLimits {

    private TestValidationLimits() {}

    static ValidationProperties defaults() {
        return with(DataSize.ofKilobytes(64), Duration.ZERO);
    }

    /** The defaults with another limit on an event's data and another allowance for timestamps in the future. */
    static ValidationProperties with(DataSize maxDataSize, Duration futureAllowance) {
        return new ValidationProperties(maxDataSize, futureAllowance, Duration.ofSeconds(1), 8192);
    }
}
