package io.theeye.fleet;

import io.theeye.store.ProcessStore;
import io.theeye.store.ProcessStore.StoredProcess;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The deployment's processes as the registry holds them, each live or lost by the rule below. Every process's row is
 * read from the database, so that any API process, or {@code workers list}, shows them all.
 */
public final class Fleet {

    /** A process silent for this long is forgotten: no longer listed, its row removed. */
    static final Duration FORGET_AFTER = Duration.ofDays(1);

    private final ProcessStore store;
    private final Clock clock;
    private final Duration timeout;

    Fleet(ProcessStore store, Clock clock, Duration timeout) {
        this.store = store;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** Every process not forgotten, live or lost, read now. */
    public List<Member> members() {
        return members(store.findAll());
    }

    /** How long a process may stay silent before it is shown lost. */
    public Duration timeout() {
        return timeout;
    }

    List<Member> members(List<StoredProcess> rows) {
        Instant now = clock.instant();
        List<Member> members = new ArrayList<>(rows.size());
        for (StoredProcess row : rows) {
            state(row.lastSeen(), now, timeout).ifPresent(state -> members.add(Member.of(row, state)));
        }
        return members;
    }

    List<StoredProcess> rows() {
        return store.findAll();
    }

    /**
     * The rule: live (or failing, when it tells of a problem: {@link Member#of}) while last seen within the timeout (a clock a little behind counts as just seen), lost after
     * it, forgotten (empty) once silent for a day.
     */
    static Optional<Member.State> state(Instant lastSeen, Instant now, Duration timeout) {
        Duration silent = Duration.between(lastSeen, now);
        if (silent.compareTo(FORGET_AFTER) > 0) {
            return Optional.empty();
        }
        return Optional.of(silent.compareTo(timeout) > 0 ? Member.State.LOST : Member.State.LIVE);
    }
}
