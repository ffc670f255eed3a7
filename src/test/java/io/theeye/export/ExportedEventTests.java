package io.theeye.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.event.Event;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ExportedEventTests {

    @Test
    void takesEveryExportedColumnFromTheStoredEvent() {
        Event stored = new Event(
                UUID.randomUUID(),
                UUID.randomUUID(),
                "session",
                "page",
                "view",
                "{\"path\":\"/\"}",
                Instant.parse("2026-12-07T10:00:00.000001Z"),
                Instant.parse("2026-12-07T10:00:01.000002Z"),
                3,
                Instant.parse("2026-12-07T09:00:00Z"));

        assertThat(ExportedEvent.of(stored))
                .isEqualTo(new ExportedEvent(
                        stored.id(),
                        stored.clientId(),
                        "session",
                        "page",
                        "view",
                        stored.timestamp(),
                        stored.receivedAt(),
                        "{\"path\":\"/\"}",
                        3));
    }
}
