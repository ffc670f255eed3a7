package io.theeye.admin;

import io.theeye.event.EventFilter;
import io.theeye.store.EventFeed;
import io.theeye.store.EventPosition;
import java.time.Duration;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Hands stored events to the live-tail viewers, whichever process stored them (this one, or a {@code worker} of its
 * own): while anyone watches, one thread of this process follows the store's {@link EventFeed} from where it stood
 * when the first viewer came, reading what was committed since every poll interval, and offers each event to each
 * viewer's bounded buffer, never waiting: a viewer that falls behind misses events (and is told how many). With
 * nobody watching, nothing reads: ingest pays nothing for the tail.
 */
final class LiveTail implements SmartLifecycle {

    /** Most events read at once: a backlog is read page after page without waiting. */
    static final int PAGE = 1000;

    private static final Logger log = LoggerFactory.getLogger(LiveTail.class);

    private final EventFeed feed;
    private final Duration pollInterval;
    private final int maxViewers;
    private final int buffer;
    private volatile TailViewer[] viewers = new TailViewer[0];
    private boolean running;
    private Thread reader;

    LiveTail(EventFeed feed, Duration pollInterval, int maxViewers, int buffer) {
        this.feed = feed;
        this.pollInterval = pollInterval;
        this.maxViewers = maxViewers;
        this.buffer = buffer;
    }

    /**
     * A new viewer of the events the filter matches that are stored from now on, or null when as many watch as may.
     * The first viewer starts the reader at the store's end, before its stream opens, so that nothing stored after
     * the page said "Live" is missed.
     */
    synchronized TailViewer watch(EventFilter filter, TailViewer.Sink sink) {
        if (!running || viewers.length >= maxViewers) {
            return null;
        }
        if (reader == null) {
            EventPosition from = feed.end();
            reader = Thread.ofPlatform().daemon().name("live-tail-reader").start(() -> follow(from));
        }
        TailViewer viewer = new TailViewer(filter, buffer, sink, this::leave);
        TailViewer[] more = Arrays.copyOf(viewers, viewers.length + 1);
        more[viewers.length] = viewer;
        viewers = more;
        viewer.start();
        return viewer;
    }

    private synchronized void leave(TailViewer viewer) {
        viewers = Arrays.stream(viewers).filter(v -> v != viewer).toArray(TailViewer[]::new);
    }

    int viewers() {
        return viewers.length;
    }

    /** Whether the reader runs: it does exactly while someone watches. */
    synchronized boolean reading() {
        return reader != null;
    }

    /** The reader's loop: ends, leaving no thread behind, once the last viewer has left or the tail stops. */
    private void follow(EventPosition from) {
        EventPosition position = from;
        boolean failing = false;
        while (stillWatched()) {
            boolean more = false;
            try {
                EventFeed.Page page = feed.after(position, PAGE);
                for (TailViewer viewer : viewers) {
                    viewer.offer(page.events());
                }
                position = page.last();
                more = page.events().size() == PAGE;
                if (failing) {
                    log.info("The live tail reads the database again");
                    failing = false;
                }
            } catch (RuntimeException e) {
                if (!failing && isRunning()) {
                    log.warn("The live tail cannot read the database; trying again every {}", pollInterval, e);
                }
                failing = true;
            }
            if (!more && !pause()) {
                return;
            }
        }
    }

    private synchronized boolean stillWatched() {
        if (running && viewers.length > 0) {
            return true;
        }
        reader = null;
        return false;
    }

    /** Waits for the poll interval, or until the tail stops; false, the reader gone, if interrupted. */
    private synchronized boolean pause() {
        if (!running) {
            return true;
        }
        try {
            wait(Math.max(1, pollInterval.toMillis()));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reader = null;
            return false;
        }
    }

    @Override
    public synchronized void start() {
        running = true;
    }

    /** Ends every stream before the web server waits for requests to finish: a tail never ends by itself. */
    @Override
    public void stop() {
        TailViewer[] watching;
        synchronized (this) {
            running = false;
            watching = viewers;
            notifyAll();
        }
        for (TailViewer viewer : watching) {
            viewer.close();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }
}
