package io.theeye.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8Tests {

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "7b7d",
                "00",
                "c280",
                "dfbf",
                "e0a080",
                "ed9fbf",
                "ee8080",
                "efbfbf",
                "f0908080",
                "f48fbfbf",
                "f09f9880"
            })
    void acceptsWellFormedSequences(String bytes) {
        assertThat(Utf8.firstMalformed(hex(bytes))).isEqualTo(-1);
    }

    @ParameterizedTest
    @CsvSource({
        "41ff, 1", // never a UTF-8 byte
        "4180, 1", // continuation byte without a lead
        "c080, 0", // overlong NUL
        "c181, 0", // overlong A
        "e08080, 0", // overlong NUL in three bytes
        "e09fbf, 0", // overlong
        "eda0bd, 0", // high surrogate U+D83D
        "edb880, 0", // low surrogate U+DE00
        "f08f bfbf, 0", // overlong in four bytes
        "f4908080, 0", // beyond U+10FFFF
        "f5808080, 0", // beyond U+10FFFF
        "4142e0a0, 2", // cut short
        "c341, 0", // lead byte followed by ASCII
    })
    void findsTheFirstMalformedByte(String bytes, int offset) {
        assertThat(Utf8.firstMalformed(hex(bytes.replace(" ", "")))).isEqualTo(offset);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h\u00e9llo", "\uD83D\uDE00 and \u4e2d\u6587", "\uFFFD"})
    void acceptsWhatJavaEncodes(String text) {
        assertThat(Utf8.firstMalformed(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
    }
}
