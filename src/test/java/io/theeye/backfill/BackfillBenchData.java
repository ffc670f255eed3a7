package io.theeye.backfill;

import io.theeye.TheEyeApplication;
import io.theeye.event.Event;
import io.theeye.event.IngestBatch;
import io.theeye.store.ClientStore;
import io.theeye.store.EventStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Stores the events {@code bench/backfill.sh} backfills: {@code EVENTS} events of two clients, received over 24 hours
 * from 2026-12-01, about 55 bytes of data each, in the database {@code THE_EYE_DB_URL} names.
 *
 * <p>{@code java -cp ... io.theeye.backfill.BackfillBenchData EVENTS}
 */
final class BackfillBenchData {

    private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
    private static final int BATCH = 5000;

    private BackfillBenchData() {}

    public static void main(String[] arguments) {
        int count = Integer.parseInt(arguments[0]);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TheEyeApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .run("--the-eye.worker.enabled=false")) {
            ClientStore clients = context.getBean(ClientStore.class);
            List<UUID> ids = List.of(
                    clients.create("bench-a").clientId(),
                    clients.create("bench-b").clientId());
            EventStore store = context.getBean(EventStore.class);
            Duration spacing = Duration.ofDays(1).dividedBy(count);
            List<Event> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < count; i++) {
                Instant received = START.plus(spacing.multipliedBy(i));
                batch.add(new Event(
                        UUID.randomUUID(),
                        ids.get(i % 2),
                        "session-" + (i % 97),
                        i % 2 == 0 ? "page" : "click",
                        "event-" + (i % 13),
                        "{\"n\":" + i + ",\"label\":\"a label\",\"nested\":{\"ok\":true}}",
                        received.minusMillis(250),
                        received));
                if (batch.size() == BATCH || i == count - 1) {
                    store.store(List.of(new IngestBatch(batch, List.of())));
                    batch.clear();
                }
            }
        }
    }
}
