package io.theeye.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.theeye.event.IngestBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What the consuming side of every queue backend promises: a batch acknowledged after its commit is never handed out
 * again, and a batch that could not be stored is never lost: handed out again (a broker), or reported to its
 * publisher as not stored ({@code direct}, whose client retries).
 */
public abstract class EventConsumerContract extends EventPublisherContract {

    @Test
    void aStoredBatchIsNotHandedOutAgain() throws Exception {
        IngestBatch batch = batch(3);
        CompletableFuture<Void> published = publisher().publish(batch);
        try (EventConsumer consumer = openConsumer("first")) {
            receive(consumer, batch, true);
        }
        published.join();

        List<Delivery> later = new ArrayList<>();
        try (EventConsumer consumer = openConsumer("second")) {
            // Long enough for a broker to hand over what it still had for this group.
            Instant until = Instant.now().plus(quietPeriod());
            while (Instant.now().isBefore(until)) {
                later.addAll(consumer.poll(5000, Duration.ofMillis(200)));
            }
        }
        assertThat(events(later)).doesNotContainAnyElementsOf(batch.events());
    }

    @Test
    void aBatchThatCouldNotBeStoredIsNotLost() throws Exception {
        IngestBatch batch = batch(2);
        CompletableFuture<Void> published = publisher().publish(batch);
        try (EventConsumer consumer = openConsumer("worker")) {
            List<Delivery> first = receive(consumer, batch, false);
            consumer.settle(List.of(), first, new IllegalStateException("the database said no"));

            if (consumer.redelivers()) {
                List<Delivery> again = receive(consumer, batch, true);
                assertThat(again).allSatisfy(d -> assertThat(d.attempts()).isEqualTo(1));
                published.join();
            } else {
                assertThatThrownBy(published::join).cause().isInstanceOf(QueueUnavailableException.class);
            }
        }
    }

    /** How long a consumer that joins late must poll to have seen what its backend still had. */
    protected Duration quietPeriod() {
        return Duration.ofSeconds(1);
    }
}
