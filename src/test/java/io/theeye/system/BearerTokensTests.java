package io.theeye.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BearerTokensTests {

    @Test
    void readsTheTokenOfTheBearerSchemeInAnyCase() {
        assertThat(BearerTokens.of("Bearer abc.def")).isEqualTo("abc.def");
        assertThat(BearerTokens.of("bearer abc.def ")).isEqualTo("abc.def");
        assertThat(BearerTokens.of("Basic dXNlcjpwYXNz")).isNull();
        assertThat(BearerTokens.of("Bearer")).isNull();
        assertThat(BearerTokens.of(null)).isNull();
    }

    @Test
    void comparesTokensWhole() {
        assertThat(BearerTokens.same("0123456789abcdef", "0123456789abcdef")).isTrue();
        assertThat(BearerTokens.same("0123456789abcdef", "0123456789abcde")).isFalse();
        assertThat(BearerTokens.same("0123456789abcdef", "")).isFalse();
    }
}
