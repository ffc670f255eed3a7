package io.theeye.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FieldErrorTests {

    @Test
    void cutsMessagesTo200Characters() {
        assertThat(new FieldError("body", "x".repeat(300)).message()).isEqualTo("x".repeat(200));
        assertThat(new FieldError("body", "x".repeat(200)).message()).hasSize(200);
    }

    @Test
    void cutsAMessageBeforeASurrogatePairRatherThanThroughIt() {
        assertThat(new FieldError("body", "x".repeat(199) + "\uD83D\uDE00").message())
                .isEqualTo("x".repeat(199));
    }

    @Test
    void keepsNoNulCharacterOrUnpairedSurrogate() {
        FieldError error = new FieldError("a\0b", "bad \uD83D here");

        assertThat(error.field()).isEqualTo("a\uFFFDb");
        assertThat(error.message()).isEqualTo("bad \uFFFD here");
    }
}
