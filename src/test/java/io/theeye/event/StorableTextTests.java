package io.theeye.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StorableTextTests {

    private static final String SMILE = "\uD83D\uDE00";
    private static final char HIGH = SMILE.charAt(0);
    private static final char LOW = SMILE.charAt(1);

    @Test
    void keepsOrdinaryTextAndSurrogatePairsAsTheyAre() {
        String text = "caf\u00e9 " + SMILE + " \u0001";

        assertThat(StorableText.of(text)).isSameAs(text);
        assertThat(StorableText.firstUnstorable(text)).isEqualTo(-1);
    }

    @Test
    void replacesNulCharactersAndUnpairedSurrogates() {
        String text = "a\0b" + HIGH + "c" + LOW + SMILE + HIGH;

        assertThat(StorableText.of(text)).isEqualTo("a\uFFFDb\uFFFDc\uFFFD" + SMILE + "\uFFFD");
        assertThat(StorableText.firstUnstorable(text)).isEqualTo(1);
    }

    @Test
    void findsAHighSurrogateFollowedByAnother() {
        assertThat(StorableText.firstUnstorable("x" + HIGH + SMILE)).isEqualTo(1);
        assertThat(StorableText.of("x" + HIGH + SMILE)).isEqualTo("x\uFFFD" + SMILE);
    }

    @Test
    void truncatesWithoutSplittingASurrogatePair() {
        assertThat(StorableText.truncate("ab" + SMILE, 3)).isEqualTo("ab");
        assertThat(StorableText.truncate("ab" + SMILE, 4)).isEqualTo("ab" + SMILE);
        assertThat(StorableText.truncate("abcd", 3)).isEqualTo("abc");
        assertThat(StorableText.truncate("abcd", 0)).isEmpty();
    }
}
