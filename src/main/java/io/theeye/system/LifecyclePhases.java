package io.theeye.system;

import org.springframework.context.SmartLifecycle;

/**
 * The order in which the parts of a process start and stop, written once. Spring starts the lowest phase first and
 * stops it last; Spring Boot's web server starts and stops at {@code DEFAULT_PHASE - 2048} (after a graceful
 * shutdown at {@code DEFAULT_PHASE - 1024}). From first started and last stopped:
 *
 * <ol>
 *   <li>{@link #BOOKKEEPING}: what records the process itself, there all the time the rest runs;
 *   <li>{@link #CACHES} and {@link #WORKERS}: what requests read is loaded before the web server opens, and what
 *       requests hand over is still written after it closes;
 *   <li>{@link #WEB_SERVER}: what takes requests' events stops with the web server;
 *   <li>{@link #MAINTENANCE}: background work on stored events (expiry), first to stop.
 * </ol>
 */
public final class LifecyclePhases {

    /**
     * The heartbeat and the write of clients' last use: they start before the workers and the web server and stop
     * after them, so that the process is shown alive all they run, every use they note is written, and their last
     * write does not hold up the others' shutdown (on SQLite it would wait for the database's one writer).
     */
    public static final int BOOKKEEPING = SmartLifecycle.DEFAULT_PHASE - 8192;

    /**
     * What requests read (clients, write keys, schemas): loaded before the web server opens, so that no request finds
     * it empty.
     */
    public static final int CACHES = SmartLifecycle.DEFAULT_PHASE - 4096;

    /**
     * The workers: they stop after the web server, so that the events of requests in flight are still written and
     * answered.
     */
    public static final int WORKERS = SmartLifecycle.DEFAULT_PHASE - 4096;

    /** The web server's own phase: the direct queue stops taking batches when the web server stops. */
    public static final int WEB_SERVER = SmartLifecycle.DEFAULT_PHASE - 2048;

    /**
     * Expiry in the background: started last and stopped first, so that a run in progress ends (between two of its
     * transactions) before anything it uses stops.
     */
    public static final int MAINTENANCE = SmartLifecycle.DEFAULT_PHASE;

    private LifecyclePhases() {}
}
