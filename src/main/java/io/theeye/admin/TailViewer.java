package io.theeye.admin;

import io.theeye.event.Event;
import io.theeye.event.EventFilter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One live-tail viewer: a bounded buffer the writer offers events to, and a virtual thread of its own that sends
 * them on, so that a slow browser slows only this thread.
 */
final class TailViewer {

    /** Most events sent in one message: a fast stream arrives in a few messages a second, not thousands. */
    static final int EVENTS_PER_MESSAGE = 200;

    private static final long HEARTBEAT_SECONDS = 15;

    private final EventFilter filter;
    private final BlockingQueue<Event> buffer;
    private final AtomicLong missed = new AtomicLong();
    private final Sink sink;
    private final Consumer<TailViewer> onClose;
    private volatile boolean open = true;
    private Thread sender;

    TailViewer(EventFilter filter, int capacity, Sink sink, Consumer<TailViewer> onClose) {
        this.filter = filter;
        this.buffer = new ArrayBlockingQueue<>(capacity);
        this.sink = sink;
        this.onClose = onClose;
    }

    /** Called on the writer's thread: never waits. */
    void offer(List<Event> events) {
        for (Event event : events) {
            if (filter.matches(event) && !buffer.offer(event)) {
                missed.incrementAndGet();
            }
        }
    }

    void start() {
        sender = Thread.ofVirtual().name("live-tail").start(this::send);
    }

    void close() {
        open = false;
        if (sender != null) {
            sender.interrupt();
        }
    }

    private void send() {
        List<Event> batch = new ArrayList<>(EVENTS_PER_MESSAGE);
        boolean gone = false;
        try {
            // Sends the response's headers at once: the page says "Live" now, not at the first event or heartbeat.
            sink.heartbeat();
            while (open) {
                Event first = buffer.poll(HEARTBEAT_SECONDS, TimeUnit.SECONDS);
                long lost = missed.getAndSet(0);
                if (lost > 0) {
                    sink.missed(lost);
                }
                if (first == null) {
                    sink.heartbeat();
                    continue;
                }
                batch.add(first);
                buffer.drainTo(batch, EVENTS_PER_MESSAGE - 1);
                sink.events(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // The browser went away: there is no stream left to end.
            gone = true;
        } finally {
            open = false;
            onClose.accept(this);
            if (!gone) {
                sink.close();
            }
        }
    }

    /** Where a viewer's messages go: the server-sent event stream of one browser tab. */
    interface Sink {
        void events(List<Event> events) throws IOException;

        void missed(long count) throws IOException;

        void heartbeat() throws IOException;

        void close();
    }
}
