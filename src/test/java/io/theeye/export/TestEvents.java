package io.theeye.export;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Events to export in tests and benchmarks, spread over clients and hours as asked. */
final class TestEvents {

    static final Instant START = Instant.parse("2026-12-07T10:15:30.123456Z");

    private TestEvents() {}

    /** {@code count} events, client by client in turn, one every {@code spacing} of receipt time from START. */
    static List<ExportedEvent> events(int count, List<UUID> clients, Duration spacing) {
        List<ExportedEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Instant received = START.plus(spacing.multipliedBy(i));
            events.add(new ExportedEvent(
                    UUID.randomUUID(),
                    clients.get(i % clients.size()),
                    "session-" + (i % 97),
                    i % 2 == 0 ? "page" : "click",
                    "event-" + (i % 13),
                    received.minusMillis(250),
                    received,
                    "{\"n\":" + i + ",\"label\":\"é \\\"quoted\\\"\",\"nested\":{\"ok\":true}}",
                    i % 3 == 0 ? null : i % 5));
        }
        return events;
    }
}
