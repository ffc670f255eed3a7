package io.theeye.validation;

/**
 * Checks that bytes are well-formed UTF-8 (RFC 3629). Jackson decodes some ill-formed sequences instead of refusing
 * them (overlong forms such as {@code C0 80} for NUL, sequences beyond U+10FFFF), which would store text the client
 * never sent.
 */
public final class Utf8 {

    private Utf8() {}

    /** The offset of the first byte that is not part of a well-formed sequence, or -1 when all are. */
    public static int firstMalformed(byte[] bytes) {
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i];
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xFF;
            int length;
            int min2 = 0x80;
            int max2 = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                length = 2;
            } else if (b >= 0xE0 && b <= 0xEF) {
                length = 3;
                if (b == 0xE0) {
                    min2 = 0xA0; // shorter forms are overlong
                } else if (b == 0xED) {
                    max2 = 0x9F; // ED A0 to ED BF encode surrogates
                }
            } else if (b >= 0xF0 && b <= 0xF4) {
                length = 4;
                if (b == 0xF0) {
                    min2 = 0x90; // shorter forms are overlong
                } else if (b == 0xF4) {
                    max2 = 0x8F; // beyond U+10FFFF
                }
            } else {
                return i;
            }
            for (int k = 1; k < length; k++) {
                if (i + k >= bytes.length) {
                    return i;
                }
                int next = bytes[i + k] & 0xFF;
                if (next < (k == 1 ? min2 : 0x80) || next > (k == 1 ? max2 : 0xBF)) {
                    return i;
                }
            }
            i += length;
        }
        return -1;
    }
}
