package io.theeye.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldPathTests {

    @Test
    void writesIdentifiersWithDotsAndIndexesInBrackets() {
        assertThat(FieldPath.render(List.of("data", "items", 2, "name"))).isEqualTo("data.items[2].name");
    }

    @Test
    void quotesKeysThatAreNotIdentifiers() {
        assertThat(FieldPath.render(List.of("data", "odd key", "2nd", "é")))
                .isEqualTo("data[\"odd key\"][\"2nd\"][\"é\"]");
        assertThat(FieldPath.of("user-agent")).isEqualTo("[\"user-agent\"]");
        assertThat(FieldPath.of("")).isEqualTo("[\"\"]");
    }

    @Test
    void escapesQuotesBackslashesControlCharactersAndUnpairedSurrogates() {
        String key = "a\"b\\c\n\0" + "\uD83D\uDE00" + "\uD83D";

        assertThat(FieldPath.of(key)).isEqualTo("[\"a\\\"b\\\\c\\u000a\\u0000\uD83D\uDE00\\ud83d\"]");
    }

    @Test
    void cutsALongPathTo200CharactersEndingWithAnEllipsis() {
        String key = "k".repeat(50_000);

        assertThat(FieldPath.render(List.of("data", key, 3))).isEqualTo("data." + "k".repeat(194) + "…");
        assertThat(FieldPath.render(List.of("data", "odd " + key))).isEqualTo("data[\"odd " + "k".repeat(189) + "…");
        assertThat(FieldPath.render(List.of("data", key.substring(0, 195))))
                .hasSize(200)
                .doesNotEndWith("…");
    }

    @Test
    void cutsAPathOfManyShortSegmentsToo() {
        List<Object> segments = new ArrayList<>(List.of("data"));
        for (int i = 0; i < 10_000; i++) {
            segments.add(i);
        }

        assertThat(FieldPath.render(segments))
                .hasSize(200)
                .startsWith("data[0][1]")
                .endsWith("…");
    }
}
