package io.theeye.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class FieldErrorsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void keepsErrorsWithinTheBoundsAsTheyAre() {
        List<FieldError> errors = List.of(new FieldError("session_id", "is required"), new FieldError("x", "y"));

        assertThat(FieldErrors.bounded(errors)).isEqualTo(errors);
    }

    @Test
    void listsAtMost20ErrorsTheLastSayingHowManyMore() {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            errors.add(new FieldError("f" + i, "bad"));
        }

        List<FieldError> bounded = FieldErrors.bounded(errors);

        assertThat(bounded).hasSize(20);
        assertThat(bounded.subList(0, 19)).isEqualTo(errors.subList(0, 19));
        assertThat(bounded.get(19)).isEqualTo(new FieldError("event", "6 more errors not listed"));
    }

    @Test
    void countsErrorsLeftOutBeforeAndNamesTheSummarysField() {
        List<FieldError> bounded = FieldErrors.bounded("schema", List.of(new FieldError("schema.type", "bad")), 40);

        assertThat(bounded)
                .containsExactly(
                        new FieldError("schema.type", "bad"), new FieldError("schema", "40 more errors not listed"));
    }

    @Test
    void cutsPathsTo200CharactersEndingWithAnEllipsis() {
        FieldError error = new FieldError("data." + "k".repeat(50_000), "bad");

        assertThat(error.field()).hasSize(200).endsWith("k…");
        assertThat(new FieldError("p".repeat(200), "bad").field()).isEqualTo("p".repeat(200));
    }

    @Test
    void neverCutsAPathThroughASurrogatePair() {
        FieldError error = new FieldError("d".repeat(198) + "\uD83D\uDE00" + "tail", "bad");

        assertThat(error.field()).isEqualTo("d".repeat(198) + "…");
    }

    @Test
    void boundsTheErrorsOfARefusalTo16KibibytesOfJsonWhateverTheyHold() {
        // each error as large as it may be: 200 characters of path, 200 of message, every one escaped as \\u0001
        FieldError huge = new FieldError("\u0001".repeat(300), "\u0001".repeat(300));
        List<FieldError> errors = Collections.nCopies(20, huge);

        List<FieldError> bounded = FieldErrors.bounded(errors);

        assertThat(bounded.size()).isBetween(2, 19);
        assertThat(bounded.getLast().message()).isEqualTo((21 - bounded.size()) + " more errors not listed");
        assertThat(jsonBytes(bounded)).isLessThanOrEqualTo(FieldErrors.MAX_STORED_BYTES);
        assertThat(FieldErrors.bounded(bounded))
                .as("bounding twice changes nothing")
                .isEqualTo(bounded);
    }

    @Test
    void measuresErrorsNoSmallerThanJacksonWritesThem() {
        List<FieldError> errors = List.of(
                new FieldError("data[\"é\\\"\uD83D\uDE00\"]", "tab\there, newline\n, bell\u0007, 中"),
                new FieldError("", ""));

        assertThat(FieldErrors.jsonBytes(errors)).isGreaterThanOrEqualTo(jsonBytes(errors));
        // PostgreSQL's jsonb writes a space after each colon and comma: 3 in an error, 1 between two
        assertThat(FieldErrors.jsonBytes(errors)).isEqualTo(jsonBytes(errors) + 3 * 2 + 1);
    }

    private static long jsonBytes(List<FieldError> errors) {
        return JSON.writeValueAsString(errors).getBytes(StandardCharsets.UTF_8).length;
    }
}
