package io.theeye.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.event.Event;
import io.theeye.event.IngestBatch;
import io.theeye.event.RejectedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What a broker backend promises beyond every backend's contract: a worker that dies with batches in hand loses
 * them to another worker, not to the void; a batch in a wire format the worker does not know is kept as a
 * rejected event, never dropped, never retried for ever; and a worker gets no more events at once than it asks for
 * ({@code THE_EYE_WORKER_MAX_BATCH_EVENTS}), however many the broker holds.
 */
public abstract class BrokerContract extends EventConsumerContract {

    /** Puts a payload on the broker as a publisher of another version would. */
    protected abstract void publishRaw(byte[] payload);

    @Test
    void aBatchLeftUnacknowledgedByAWorkerThatDiedIsTakenOverByAnother() throws Exception {
        IngestBatch batch = batch(4);
        publisher().publish(batch).join();
        try (EventConsumer dying = openConsumer("dying")) {
            receive(dying, batch, false);
            // closed without acknowledging: the worker died mid-batch
        }

        try (EventConsumer survivor = openConsumer("survivor")) {
            List<Delivery> taken = receive(survivor, batch, true);

            assertThat(events(taken)).containsAll(batch.events());
        }
    }

    @Test
    void aBatchInAWireFormatItDoesNotKnowIsKeptAsARejectedEvent() throws Exception {
        publishRaw("{\"v\": 99, \"something\": \"new\"}".getBytes(StandardCharsets.UTF_8));

        try (EventConsumer consumer = openConsumer("reader")) {
            RejectedEvent kept = null;
            Instant deadline = Instant.now().plusSeconds(60);
            while (kept == null && Instant.now().isBefore(deadline)) {
                for (Delivery d : consumer.poll(5000, Duration.ofMillis(200))) {
                    for (RejectedEvent r : d.batch().rejected()) {
                        if (r.raw().contains("\"v\": 99")) {
                            kept = r;
                        }
                    }
                    consumer.settle(List.of(d), List.of(), null);
                }
            }
            assertThat(kept).as("the unreadable batch, kept").isNotNull();
            assertThat(kept.errors().getFirst().field()).isEqualTo("batch");
            assertThat(kept.errors().getFirst().message()).contains("version 99");
        }
    }

    @Test
    void aPollHandsOutNoMoreEventsThanAskedAndTheRestToTheNextPolls() throws Exception {
        // Each batch one session, so that Kafka too carries each as one record.
        List<IngestBatch> batches = new ArrayList<>();
        IntStream.range(0, 6).forEach(i -> batches.add(oneSession("bounded " + i, 4)));
        batches.add(oneSession("larger than a group", 12));
        for (IngestBatch batch : batches) {
            publisher().publish(batch).join();
        }
        Set<UUID> missing = new HashSet<>();
        batches.forEach(b -> b.events().forEach(e -> missing.add(e.id())));

        try (EventConsumer consumer = openConsumer("bounded")) {
            Instant deadline = Instant.now().plusSeconds(60);
            while (!missing.isEmpty() && Instant.now().isBefore(deadline)) {
                List<Delivery> group = consumer.poll(10, Duration.ofMillis(200));
                int events = group.stream().mapToInt(d -> d.batch().size()).sum();
                if (group.size() > 1) {
                    assertThat(events).as("events handed out by one poll").isLessThanOrEqualTo(10);
                }
                events(group)
                        .forEach(e -> assertThat(missing.remove(e.id()))
                                .as("handed out once")
                                .isTrue());
                consumer.settle(group, List.of(), null);
            }
        }
        assertThat(missing).as("events never handed out").isEmpty();
    }

    private static IngestBatch oneSession(String session, int events) {
        List<Event> list =
                IntStream.range(0, events).mapToObj(i -> event(session, "{}")).toList();
        return new IngestBatch(list, List.of());
    }
}
