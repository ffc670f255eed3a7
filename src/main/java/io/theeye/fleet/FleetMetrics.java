package io.theeye.fleet;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.theeye.store.ProcessStore.StoredProcess;
import java.util.List;

/**
 * The gauges {@code theeye.workers.live}, {@code theeye.workers.failing} and {@code theeye.workers.lost} by role, in API processes: the same figures
 * in each, since each reads the whole registry (alert on their {@code max()}). The rows are read at every heartbeat;
 * live or lost is decided when the gauge is read, so that a registry that can no longer be read shows its processes
 * falling silent rather than alive for ever.
 */
final class FleetMetrics {

    static final String LIVE = "theeye.workers.live";
    static final String FAILING = "theeye.workers.failing";
    static final String LOST = "theeye.workers.lost";

    private final Fleet fleet;
    private volatile List<StoredProcess> rows = List.of();

    FleetMetrics(Fleet fleet, MeterRegistry meters) {
        this.fleet = fleet;
        for (Role role : Role.values()) {
            Gauge.builder(LIVE, this, m -> m.count(role, Member.State.LIVE))
                    .tag("role", role.label())
                    .description("Processes of the role whose heartbeat is within THE_EYE_WORKER_HEARTBEAT_TIMEOUT,"
                            + " and which tell of no problem")
                    .register(meters);
            Gauge.builder(FAILING, this, m -> m.count(role, Member.State.FAILING))
                    .tag("role", role.label())
                    .description("Processes of the role whose heartbeat is within THE_EYE_WORKER_HEARTBEAT_TIMEOUT,"
                            + " and which say they cannot do their work (the exporter that cannot write)")
                    .register(meters);
            Gauge.builder(LOST, this, m -> m.count(role, Member.State.LOST))
                    .tag("role", role.label())
                    .description("Processes of the role silent for longer than THE_EYE_WORKER_HEARTBEAT_TIMEOUT, and"
                            + " for less than a day")
                    .register(meters);
        }
    }

    /** Reads the registry again; throws when the database cannot be read (the rows read before stay). */
    void refresh() {
        rows = fleet.rows();
    }

    private long count(Role role, Member.State state) {
        return fleet.members(rows).stream()
                .filter(m -> m.role().equals(role.label()) && m.state() == state)
                .count();
    }
}
