package io.theeye.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CursorTests {

    private static final String QUERY = "client|session|asc";

    @Test
    void readsBackWhatItWroteToTheMicrosecond() {
        Cursor cursor =
                new Cursor(Instant.parse("2021-01-01T09:15:27.243860Z"), "0190b2c4-0000-7000-8000-000000000001");

        assertThat(Cursor.decode(cursor.encode(QUERY), QUERY)).isEqualTo(cursor);
    }

    @Test
    void readsBackTimesBefore1970() {
        Cursor cursor = new Cursor(Instant.parse("1969-12-31T23:59:59.999999Z"), "42");

        assertThat(Cursor.decode(cursor.encode(QUERY), QUERY)).isEqualTo(cursor);
    }

    @Test
    void refusesACursorOfAnotherQuery() {
        String token = new Cursor(Instant.EPOCH, "1").encode(QUERY);

        assertThatThrownBy(() -> Cursor.decode(token, "client|session|desc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(Cursor.OTHER_QUERY);
    }

    @Test
    void refusesTextThatIsNoBase64() {
        assertThatThrownBy(() -> Cursor.decode("%%%", QUERY)).hasMessage(Cursor.NOT_OURS);
    }

    @Test
    void refusesBase64ThatIsNoCursor() {
        String token = Base64.getUrlEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> Cursor.decode(token, QUERY)).hasMessage(Cursor.NOT_OURS);
    }

    @Test
    void refusesACursorWhoseTimeIsNoNumber() {
        String forged = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        ("c1:soon:1:" + new Cursor(Instant.EPOCH, "1").encode(QUERY)).getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> Cursor.decode(forged, QUERY)).hasMessage(Cursor.NOT_OURS);
    }
}
