package io.theeye.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.event.IngestBatch;
import io.theeye.event.RejectedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a broker backend promises beyond every backend's contract: a worker that dies with batches in hand loses
 * them to another worker, not to the void; and a batch in a wire format the worker does not know is kept as a
 * rejected event, never dropped, never retried for ever.
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
}
