package io.theeye.fleet;

import io.theeye.store.ProcessStore.StoredProcess;
import java.time.Instant;
import java.util.Locale;

/**
 * One process of the deployment as the registry shows it.
 *
 * @param role {@code api} or {@code worker} (kept as text: a newer process may register a role this one does not
 *     know)
 * @param state live, or lost: silent for longer than the heartbeat timeout
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
        double eventsPerSecond) {

    public enum State {
        LIVE,
        LOST;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static Member of(StoredProcess process, State state) {
        return new Member(
                process.id(),
                process.role(),
                process.host(),
                process.pid(),
                process.version(),
                process.startedAt(),
                process.lastSeen(),
                state,
                process.batchesStored(),
                process.eventsStored(),
                process.failures(),
                process.restarts(),
                process.eventsPerSecond());
    }
}
