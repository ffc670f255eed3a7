package io.theeye.admin;

import io.theeye.event.Event;
import io.theeye.event.StoredEventListener;
import java.util.Arrays;
import java.util.List;
import org.springframework.context.SmartLifecycle;

/**
 * Hands stored events to the live-tail viewers. With nobody watching, a commit costs one volatile read; with
 * viewers, each matching event is offered to each viewer's bounded buffer, never waiting: a viewer that falls behind
 * misses events (and is told how many), the writer is never held back.
 */
final class LiveTail implements StoredEventListener, SmartLifecycle {

    private final int maxViewers;
    private final int buffer;
    private volatile TailViewer[] viewers = new TailViewer[0];
    private volatile boolean running;

    LiveTail(int maxViewers, int buffer) {
        this.maxViewers = maxViewers;
        this.buffer = buffer;
    }

    @Override
    public void stored(List<Event> events) {
        TailViewer[] watching = viewers;
        if (watching.length == 0) {
            return;
        }
        for (TailViewer viewer : watching) {
            viewer.offer(events);
        }
    }

    /** A new viewer of the events the filter matches, or null when as many watch as may. */
    synchronized TailViewer watch(EventFilter filter, TailViewer.Sink sink) {
        if (!running || viewers.length >= maxViewers) {
            return null;
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

    @Override
    public void start() {
        running = true;
    }

    /** Ends every stream before the web server waits for requests to finish: a tail never ends by itself. */
    @Override
    public void stop() {
        TailViewer[] watching;
        synchronized (this) {
            running = false;
            watching = viewers;
        }
        for (TailViewer viewer : watching) {
            viewer.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
