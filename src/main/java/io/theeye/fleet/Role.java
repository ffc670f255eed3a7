package io.theeye.fleet;

import java.util.Locale;

/** What a process does: {@code serve} is an API process (with workers of its own or not), {@code worker} a worker. */
public enum Role {
    API,
    WORKER;

    /** As stored and shown: {@code api}, {@code worker}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
