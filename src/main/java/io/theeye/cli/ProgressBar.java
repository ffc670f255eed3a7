package io.theeye.cli;

import io.theeye.backfill.Backfill;
import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on a terminal, redrawn in place ({@code \r}) at most a few times a second: events done of
 * the total, the share, the rate. Only on a terminal: redirected to a file or a pipe, a command prints its result and
 * nothing of its progress.
 */
final class ProgressBar implements Backfill.Progress {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter err;
    private long started = System.nanoTime();
    private long total;
    private long lastDrawn;
    private long done;
    private boolean drawn;

    private ProgressBar(PrintWriter err) {
        this.err = err;
    }

    /** A bar drawn on {@code err} when the process runs on a terminal, else null. */
    static ProgressBar onTerminal(PrintWriter err) {
        return onTerminal() ? new ProgressBar(err) : null;
    }

    /**
     * Whether standard input and output are a terminal. Up to JDK 21 {@link System#console()} says so by being there;
     * from JDK 22 it is there redirected too, and {@code Console.isTerminal()} (not in 21's API) says.
     */
    static boolean onTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    @Override
    public void starting(LongSupplier events) {
        total = events.getAsLong();
        started = System.nanoTime();
        draw();
    }

    @Override
    public void exported(long events) {
        done = events;
        long now = System.nanoTime();
        if (now - lastDrawn >= REDRAW_NANOS) {
            lastDrawn = now;
            draw();
        }
    }

    void finish() {
        if (!drawn) {
            return; // refused before it started
        }
        draw();
        err.println();
        err.flush();
    }

    private void draw() {
        drawn = true;
        // Events stored in the range while it runs may take it past the total counted first.
        long of = Math.max(total, done);
        int filled = of == 0 ? WIDTH : (int) (WIDTH * done / of);
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        err.printf(
                "\r[%s%s] %,d / %,d events %3d%%  %,.0f events/s ",
                "#".repeat(filled),
                "-".repeat(WIDTH - filled),
                done,
                of,
                of == 0 ? 100 : done * 100 / of,
                done / seconds);
        err.flush();
    }
}
