package io.theeye.fleet;

import java.util.Locale;

/**
 * What a process does: {@code serve} is an API process (with workers of its own or not), {@code worker} a worker,
 * {@code exporter} the continuous export.
 */
public enum Role {
    API,
    WORKER,
    EXPORTER;

    /** As stored and shown: {@code api}, {@code worker}, {@code exporter}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
