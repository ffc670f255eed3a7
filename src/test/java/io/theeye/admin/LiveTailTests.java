package io.theeye.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LiveTailTests {

    private static final UUID SHOP = UUID.randomUUID();
    private static final EventFilter EVERYTHING = new EventFilter(null, null, null, null, null, null);

    private LiveTail tail;

    @BeforeEach
    void start() {
        tail = new LiveTail(2, 10);
        tail.start();
    }

    @AfterEach
    void stop() {
        tail.stop();
    }

    @Test
    void aViewerGetsTheEventsItsFilterMatches() {
        RecordingSink sink = new RecordingSink();
        tail.watch(new EventFilter(SHOP, null, "page", null, null, null), sink);

        tail.stored(List.of(event(SHOP, "page", "a"), event(SHOP, "form", "b"), event(UUID.randomUUID(), "page", "c")));

        await().untilAsserted(() -> assertThat(sink.names()).containsExactly("a"));
    }

    @Test
    void aSlowViewerMissesEventsIsToldHowManyAndNeverHoldsTheWriterBack() throws InterruptedException {
        RecordingSink sink = new RecordingSink();
        sink.blockUntilReleased();
        tail.watch(EVERYTHING, sink);
        tail.stored(List.of(event(SHOP, "page", "first")));
        await().until(() -> sink.blocked.get() > 0);

        // The sender is stuck on "first": the buffer of 10 fills, and the other 15 are missed, without waiting.
        tail.stored(IntStream.range(0, 25)
                .mapToObj(i -> event(SHOP, "page", "e" + i))
                .toList());
        sink.release();

        await().untilAsserted(() -> assertThat(sink.missed.get()).isEqualTo(15));
        await().untilAsserted(() -> assertThat(sink.names()).hasSize(11).startsWith("first", "e0"));
    }

    @Test
    void noMoreViewersThanAllowed() {
        assertThat(tail.watch(EVERYTHING, new RecordingSink())).isNotNull();
        assertThat(tail.watch(EVERYTHING, new RecordingSink())).isNotNull();

        assertThat(tail.watch(EVERYTHING, new RecordingSink())).isNull();
    }

    @Test
    void aViewerThatGoesAwayLeavesRoomForAnother() {
        RecordingSink gone = new RecordingSink();
        gone.failOnSend = true;
        tail.watch(EVERYTHING, gone);
        tail.watch(EVERYTHING, new RecordingSink());

        tail.stored(List.of(event(SHOP, "page", "a")));

        await().until(() -> tail.viewers() == 1);
        assertThat(tail.watch(EVERYTHING, new RecordingSink())).isNotNull();
    }

    @Test
    void stoppingEndsEveryStream() {
        RecordingSink sink = new RecordingSink();
        tail.watch(EVERYTHING, sink);

        tail.stop();

        await().until(() -> sink.closed);
        assertThat(tail.watch(EVERYTHING, new RecordingSink())).isNull();
    }

    private static Event event(UUID client, String category, String name) {
        Instant now = Instant.now();
        return new Event(UUID.randomUUID(), client, "session", category, name, "{}", now, now);
    }

    private static final class RecordingSink implements TailViewer.Sink {

        final List<Event> events = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong missed = new AtomicLong();
        final AtomicLong blocked = new AtomicLong();
        volatile boolean closed;
        volatile boolean failOnSend;
        private volatile CountDownLatch gate = new CountDownLatch(0);

        void blockUntilReleased() {
            gate = new CountDownLatch(1);
        }

        void release() {
            gate.countDown();
        }

        List<String> names() {
            synchronized (events) {
                return events.stream().map(Event::name).toList();
            }
        }

        @Override
        public void events(List<Event> batch) throws java.io.IOException {
            if (failOnSend) {
                throw new java.io.IOException("gone");
            }
            events.addAll(batch);
            blocked.incrementAndGet();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void missed(long count) {
            missed.addAndGet(count);
        }

        @Override
        public void heartbeat() {}

        @Override
        public void close() {
            closed = true;
        }
    }
}
