package io.theeye.fleet;

import java.util.concurrent.atomic.AtomicReference;

/**
 * What this process says of itself in the registry besides being alive: that it cannot do its work, and why, until
 * it can again. Set by the process's own job (the exporter, when it cannot write); written with the next heartbeat,
 * so that the dashboard and {@code workers list} show the process failing, with the reason.
 */
public final class ProcessStatus {

    /** The longest reason kept: the start of an exception's message says enough. */
    static final int MOST_CHARACTERS = 500;

    private final AtomicReference<String> problem = new AtomicReference<>();

    /** The process cannot do its work, for this reason (a blank one counts as none given). */
    public void failing(String reason) {
        String text = reason == null || reason.isBlank() ? "failing" : reason.strip();
        problem.set(text.length() <= MOST_CHARACTERS ? text : text.substring(0, MOST_CHARACTERS - 1) + "…");
    }

    /** The process does its work again. */
    public void healthy() {
        problem.set(null);
    }

    /** Why the process cannot do its work, or null while it can. */
    public String problem() {
        return problem.get();
    }
}
