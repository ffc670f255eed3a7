package io.theeye.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.event.Event;
import io.theeye.event.EventFilter;
import io.theeye.store.EventFeed;
import io.theeye.store.EventPosition;
import java.time.Duration;
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

    private final InMemoryFeed feed = new InMemoryFeed();
    private LiveTail tail;

    @BeforeEach
    void start() {
        tail = new LiveTail(feed, Duration.ofMillis(20), 2, 10);
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

        feed.store(List.of(event(SHOP, "page", "a"), event(SHOP, "form", "b"), event(UUID.randomUUID(), "page", "c")));

        await().untilAsserted(() -> assertThat(sink.names()).containsExactly("a"));
    }

    @Test
    void aSlowViewerMissesEventsIsToldHowManyAndNeverHoldsTheWriterBack() throws InterruptedException {
        RecordingSink sink = new RecordingSink();
        sink.blockUntilReleased();
        tail.watch(EVERYTHING, sink);
        feed.store(List.of(event(SHOP, "page", "first")));
        await().until(() -> sink.blocked.get() > 0);

        // The sender is stuck on "first": the buffer of 10 fills, and the other 15 are missed, without waiting.
        feed.store(IntStream.range(0, 25)
                .mapToObj(i -> event(SHOP, "page", "e" + i))
                .toList());
        awaitOffered(26);
        sink.release();

        await().untilAsserted(() -> assertThat(sink.missed.get()).isEqualTo(15));
        await().untilAsserted(() -> assertThat(sink.names()).hasSize(11).startsWith("first", "e0"));
    }

    @Test
    void aViewerGetsOnlyWhatIsStoredAfterItCame() {
        feed.store(List.of(event(SHOP, "page", "before")));
        RecordingSink sink = new RecordingSink();
        tail.watch(EVERYTHING, sink);

        feed.store(List.of(event(SHOP, "page", "after")));

        await().untilAsserted(() -> assertThat(sink.names()).containsExactly("after"));
    }

    @Test
    void readsABacklogPageAfterPageWithoutWaiting() {
        tail = new LiveTail(feed, Duration.ofHours(1), 2, 3 * LiveTail.PAGE);
        tail.start();
        feed.store(IntStream.range(0, 2 * LiveTail.PAGE + 1)
                .mapToObj(i -> event(SHOP, "page", "e" + i))
                .toList());
        // As on PostgreSQL, where events committed just before can still lie after the end a viewer starts from.
        feed.end = EventPosition.START;
        RecordingSink sink = new RecordingSink();

        tail.watch(EVERYTHING, sink);

        // Only a reader that reads the next page at once, not after its hour's pause, gets them all.
        await().untilAsserted(() -> assertThat(sink.names()).hasSize(2 * LiveTail.PAGE + 1));
        assertThat(feed.reads.get()).isEqualTo(3);
    }

    @Test
    void readsNothingWhileNobodyWatchesAndStopsReadingWhenTheLastViewerLeaves() {
        feed.store(List.of(event(SHOP, "page", "unwatched")));
        assertThat(feed.reads.get()).isZero();
        assertThat(tail.reading()).isFalse();

        RecordingSink sink = new RecordingSink();
        TailViewer viewer = tail.watch(EVERYTHING, sink);
        await().until(() -> feed.reads.get() > 2);
        viewer.close();

        await().until(() -> !tail.reading());
        long reads = feed.reads.get();
        feed.store(List.of(event(SHOP, "page", "unwatched again")));
        assertThat(tail.reading()).isFalse();
        assertThat(feed.reads.get()).isEqualTo(reads);
    }

    @Test
    void aViewerComingAfterTheLastLeftGetsANewReader() {
        tail.watch(EVERYTHING, new RecordingSink()).close();
        await().until(() -> !tail.reading());

        RecordingSink sink = new RecordingSink();
        tail.watch(EVERYTHING, sink);
        feed.store(List.of(event(SHOP, "page", "again")));

        await().untilAsserted(() -> assertThat(sink.names()).containsExactly("again"));
    }

    @Test
    void keepsReadingOnceTheDatabaseAnswersAgain() {
        RecordingSink sink = new RecordingSink();
        tail.watch(EVERYTHING, sink);
        feed.failing = true;
        long failed = feed.failures.get();
        await().until(() -> feed.failures.get() > failed + 1);

        feed.store(List.of(event(SHOP, "page", "while away")));
        feed.failing = false;

        await().untilAsserted(() -> assertThat(sink.names()).containsExactly("while away"));
    }

    @Test
    void aNewViewerIsAnsweredAtOnceSoThatItsPageSaysLiveBeforeAnyEvent() {
        RecordingSink sink = new RecordingSink();

        tail.watch(EVERYTHING, sink);

        // Well before the first heartbeat's 15 s.
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.heartbeats.get() == 1);
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

        feed.store(List.of(event(SHOP, "page", "a")));

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

    /** Waits until the reader has read this many events and offered them all to the viewers. */
    private void awaitOffered(long events) {
        await().until(() -> feed.returned.get() == events);
        long reads = feed.reads.get();
        // The reader reads again only once it has offered what it read before.
        await().until(() -> feed.reads.get() > reads);
    }

    /** The store's events in memory, each batch one transaction, with the reads counted. */
    private static final class InMemoryFeed implements EventFeed {

        private final List<Event> events = new ArrayList<>();
        final AtomicLong reads = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final AtomicLong returned = new AtomicLong();
        volatile boolean failing;
        /** Where a viewer starts, when not after every event stored. */
        volatile EventPosition end;

        synchronized void store(List<Event> batch) {
            events.addAll(batch);
        }

        @Override
        public synchronized EventPosition end() {
            return end != null ? end : new EventPosition(0, events.size());
        }

        @Override
        public synchronized Page after(EventPosition position, int limit) {
            reads.incrementAndGet();
            if (failing) {
                failures.incrementAndGet();
                throw new IllegalStateException("the database is away");
            }
            int from = (int) position.sequence();
            int to = Math.min(events.size(), from + limit);
            returned.addAndGet(to - from);
            return new Page(List.copyOf(events.subList(from, to)), new EventPosition(0, to));
        }

        @Override
        public Page between(EventPosition position, EventPosition upTo, int limit) {
            throw new UnsupportedOperationException("the live tail reads no range");
        }

        @Override
        public long countAfter(EventPosition position, long atMost) {
            throw new UnsupportedOperationException("the live tail counts nothing");
        }
    }

    private static Event event(UUID client, String category, String name) {
        Instant now = Instant.now();
        return new Event(UUID.randomUUID(), client, "session", category, name, "{}", now, now);
    }

    private static final class RecordingSink implements TailViewer.Sink {

        final List<Event> events = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong missed = new AtomicLong();
        final AtomicLong blocked = new AtomicLong();
        final AtomicLong heartbeats = new AtomicLong();
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
        public void heartbeat() {
            heartbeats.incrementAndGet();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
