package io.theeye.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.event.Event;
import io.theeye.event.FieldError;
import io.theeye.event.IngestBatch;
import io.theeye.event.RejectedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What every backend promises end to end, with workers running: each event of a batch whose future completed ends
 * in the database exactly once, whoever published it and however many published at once. Each backend's test extends
 * this and says how to read what was stored.
 */
public abstract class EventQueueContract {

    protected static final UUID CLIENT = UUID.randomUUID();

    /** The queue under test, started. */
    protected abstract EventQueue queue();

    /** The ids of the events stored so far. */
    protected abstract List<UUID> storedEventIds();

    /** How many rejected events are stored so far. */
    protected abstract long storedRejectedCount();

    @Test
    void aBatchIsStoredWhenItsFutureCompletes() {
        IngestBatch batch = batch(3);

        queue().publish(batch).join();

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(storedEventIds()).containsAll(ids(batch)));
    }

    @Test
    void storesRejectedEventsAlongsideEvents() {
        RejectedEvent rejected =
                new RejectedEvent(CLIENT, Instant.now(), "{}", List.of(new FieldError("name", "is required")));

        queue().publish(new IngestBatch(List.of(), List.of(rejected))).join();

        await().atMost(Duration.ofSeconds(60)).until(() -> storedRejectedCount() == 1);
    }

    @Test
    void storesEveryBatchOfManyConcurrentPublishers() {
        List<IngestBatch> batches =
                IntStream.range(0, 200).mapToObj(i -> batch(1 + i % 7)).toList();

        List<CompletableFuture<Void>> futures =
                batches.parallelStream().map(queue()::publish).toList();
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();

        List<UUID> expected = new ArrayList<>();
        batches.forEach(b -> expected.addAll(ids(b)));
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(storedEventIds()).containsExactlyInAnyOrderElementsOf(expected));
    }

    protected static IngestBatch batch(int events) {
        Instant now = Instant.now();
        return new IngestBatch(
                IntStream.range(0, events)
                        .mapToObj(i -> new Event(
                                UUID.randomUUID(),
                                CLIENT,
                                "session",
                                "category",
                                "name-" + i,
                                "{}",
                                now.minus(Duration.ofSeconds(i)),
                                now))
                        .toList(),
                List.of());
    }

    protected static List<UUID> ids(IngestBatch batch) {
        return batch.events().stream().map(Event::id).toList();
    }
}
