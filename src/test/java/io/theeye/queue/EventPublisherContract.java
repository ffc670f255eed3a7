package io.theeye.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.event.Event;
import io.theeye.event.FieldError;
import io.theeye.event.IngestBatch;
import io.theeye.event.RejectedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What the publishing side of every queue backend promises: a batch whose future completed reaches a consumer whole,
 * byte for byte, whoever published it and however many published at once. A broker may split a request's batch
 * (Kafka: a record per session); the events and rejected events that arrive are exactly those sent.
 */
public abstract class EventPublisherContract {

    protected static final UUID CLIENT = UUID.randomUUID();
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** The publishing side under test, started. */
    protected abstract EventQueue publisher();

    /** A new consumer of what {@link #publisher()} publishes; the caller closes it. */
    protected abstract EventConsumer openConsumer(String name);

    @Test
    void aPublishedBatchArrivesWholeAtAConsumer() throws Exception {
        IngestBatch batch = new IngestBatch(
                List.of(
                        event(
                                "session a",
                                "{\"path\":\"/caf\u00e9\",\"n\":[1,2.50,1E+400,null,true],\"e\":\"\ud83d\ude00\"}"),
                        event("session b", "{}"),
                        event("session a", "{\"nested\":{\"deep\":[{}]}}")),
                List.of(new RejectedEvent(
                        CLIENT,
                        Instant.parse("2026-01-02T03:04:05.123456Z"),
                        "{\"name\": 5}",
                        List.of(new FieldError("name", "must be a string")))));

        CompletableFuture<Void> published = publisher().publish(batch);
        List<Delivery> received;
        try (EventConsumer consumer = openConsumer("receiver")) {
            received = receive(consumer, batch, true);
        }
        published.join();

        assertThat(events(received)).containsExactlyInAnyOrderElementsOf(batch.events());
        assertThat(rejected(received)).containsExactlyElementsOf(batch.rejected());
    }

    @Test
    void everyBatchOfManyConcurrentPublishersArrives() throws Exception {
        List<IngestBatch> batches =
                IntStream.range(0, 100).mapToObj(i -> batch(1 + i % 7)).toList();

        List<CompletableFuture<Void>> futures =
                batches.parallelStream().map(publisher()::publish).toList();
        List<Event> sent = batches.stream().flatMap(b -> b.events().stream()).toList();
        List<Delivery> received;
        try (EventConsumer consumer = openConsumer("receiver")) {
            received = receive(consumer, new IngestBatch(sent, List.of()), true);
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();

        assertThat(events(received)).containsExactlyInAnyOrderElementsOf(sent);
    }

    /**
     * Polls until every event and rejected event of {@code expected} has arrived, settling what arrives as stored
     * when {@code acknowledge} (else leaving it unsettled).
     */
    protected static List<Delivery> receive(EventConsumer consumer, IngestBatch expected, boolean acknowledge)
            throws InterruptedException {
        Set<UUID> missing = new HashSet<>();
        expected.events().forEach(e -> missing.add(e.id()));
        expected.rejected().forEach(r -> missing.add(r.id()));
        List<Delivery> received = new ArrayList<>();
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!missing.isEmpty() && Instant.now().isBefore(deadline)) {
            List<Delivery> polled = consumer.poll(5000, Duration.ofMillis(200));
            received.addAll(polled);
            polled.forEach(d -> {
                d.batch().events().forEach(e -> missing.remove(e.id()));
                d.batch().rejected().forEach(r -> missing.remove(r.id()));
            });
            if (acknowledge && !polled.isEmpty()) {
                consumer.settle(polled, List.of(), null);
            }
        }
        assertThat(missing).as("events that never arrived").isEmpty();
        return received;
    }

    protected static List<Event> events(List<Delivery> deliveries) {
        return deliveries.stream().flatMap(d -> d.batch().events().stream()).toList();
    }

    protected static List<RejectedEvent> rejected(List<Delivery> deliveries) {
        return deliveries.stream().flatMap(d -> d.batch().rejected().stream()).toList();
    }

    protected static Event event(String session, String data) {
        Instant now = Instant.parse("2026-03-04T05:06:07.891011Z");
        return new Event(UUID.randomUUID(), CLIENT, session, "category", "name", data, now.minusSeconds(60), now);
    }

    protected static IngestBatch batch(int events) {
        return new IngestBatch(
                IntStream.range(0, events)
                        .mapToObj(i -> event("session " + i, "{}"))
                        .toList(),
                List.of());
    }
}
