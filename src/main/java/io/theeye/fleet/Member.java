package io.theeye.fleet;

import io.theeye.store.ProcessStore.StoredProcess;
import java.time.Instant;
import java.util.Locale;

/**
 * One process of the deployment as the registry shows it.
 *
 * @param role {@code api}, {@code worker} or {@code exporter} (kept as text: a newer process may register a role this
 *     one does not know)
 * @param state live; failing: alive, but it says it cannot do its work ({@code problem}); or lost: silent for longer
 *     than the heartbeat timeout
 * @param problem why it cannot do its work, as it last told (kept while it is lost); null while it can
 */
public record Member(
        String id,
        String role,
        String host,
        long pid,
        String version,
        Instant startedAt,
        Instant lastSeen,
        State state,
        long batchesStored,
        long eventsStored,
        long failures,
        long restarts,
        double eventsPerSecond,
        String problem) {

    public enum State {
        LIVE,
        FAILING,
        LOST;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The process with the state its heartbeat gives it: failing rather than live when it tells of a problem. */
    static Member of(StoredProcess process, State state) {
        return new Member(
                process.id(),
                process.role(),
                process.host(),
                process.pid(),
                process.version(),
                process.startedAt(),
                process.lastSeen(),
                state == State.LIVE && process.problem() != null ? State.FAILING : state,
                process.batchesStored(),
                process.eventsStored(),
                process.failures(),
                process.restarts(),
                process.eventsPerSecond(),
                process.problem());
    }
}
