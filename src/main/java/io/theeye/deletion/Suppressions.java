package io.theeye.deletion;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.theeye.event.FieldError;
import io.theeye.store.ClientRules;
import io.theeye.store.DataCondition;
import io.theeye.store.SuppressionStore;
import io.theeye.store.SuppressionStore.Suppression;
import io.theeye.system.LifecyclePhases;
import io.theeye.system.PeriodicTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An API process's copy of every client's suppressions, checked for each event at the door, before it is validated:
 * a suppressed event is neither stored nor kept as a refused event. Read again every refresh interval, and at once
 * after a change this process made; a client without suppressions costs one map look-up per event. The events each
 * suppression keeps out are counted here ({@code theeye.events.suppressed}) and added to its row at each refresh.
 */
public final class Suppressions extends PeriodicTask {

    /** What the sending application is told of a suppressed event, in its refusal. */
    public static final String MESSAGE = "is suppressed: this client no longer stores events with this value";

    private static final Logger log = LoggerFactory.getLogger(Suppressions.class);

    private final SuppressionStore store;
    private final Clock clock;
    private final Counter suppressed;
    private final Map<Long, LongAdder> hits = new ConcurrentHashMap<>();
    private volatile Map<UUID, ClientSuppressions> byClient = Map.of();
    private volatile Instant lastHit;

    Suppressions(SuppressionStore store, Duration interval, MeterRegistry meters, Clock clock) {
        super("suppression-refresh", interval, LifecyclePhases.CACHES);
        this.store = store;
        this.clock = clock;
        this.suppressed = Counter.builder("theeye.events.suppressed")
                .description("Events refused at the door because a suppression of their client matched them")
                .register(meters);
    }

    /**
     * The refusal of an event the client's suppressions keep out, naming the field that matched; null when none does.
     *
     * @param event the event as sent: a JSON object with {@code session_id} and {@code data}
     */
    public FieldError check(UUID clientId, JsonNode event) {
        ClientSuppressions rules = byClient.get(clientId);
        if (rules == null || event == null || !event.isObject()) {
            return null;
        }
        Long id = null;
        String field = null;
        JsonNode session = event.get(SuppressionStore.SESSION_ID);
        if (session != null && session.isString()) {
            id = rules.sessions().get(session.stringValue());
            field = SuppressionStore.SESSION_ID;
        }
        if (id == null) {
            JsonNode data = event.get("data");
            for (DataRule rule : rules.data()) {
                if (rule.condition().matchesData(data)) {
                    id = rule.id();
                    field = rule.condition().path();
                    break;
                }
            }
        }
        if (id == null) {
            return null;
        }
        hits.computeIfAbsent(id, key -> new LongAdder()).increment();
        lastHit = clock.instant();
        suppressed.increment();
        return new FieldError(field, MESSAGE);
    }

    @EventListener
    void suppressionsChanged(SuppressionStore.SuppressionsChanged change) {
        runNow();
    }

    @Override
    protected void runOnce() {
        addUpCounts();
        List<Suppression> rows;
        try {
            rows = store.all();
        } catch (RuntimeException e) {
            log.warn("Could not reload suppressions; keeping the {} clients' last loaded", byClient.size(), e);
            return;
        }
        Map<UUID, Map<String, Long>> sessions = new HashMap<>();
        Map<UUID, List<DataRule>> data = new HashMap<>();
        for (Suppression row : rows) {
            if (row.field().equals(SuppressionStore.SESSION_ID)) {
                String sessionId = JsonMapper.shared().readTree(row.value()).stringValue();
                sessions.computeIfAbsent(row.clientId(), c -> new HashMap<>()).put(sessionId, row.id());
                continue;
            }
            try {
                DataCondition condition = DataCondition.of(row.field(), row.value(), "field", "value");
                data.computeIfAbsent(row.clientId(), c -> new ArrayList<>()).add(new DataRule(row.id(), condition));
            } catch (ClientRules.Violation e) {
                log.warn("Suppression {} of client {} is skipped: {}", row.id(), row.clientId(), e.getMessage());
            }
        }
        Map<UUID, ClientSuppressions> loaded = new HashMap<>();
        sessions.forEach((client, ids) -> loaded.put(client, new ClientSuppressions(Map.copyOf(ids), List.of())));
        data.forEach((client, rules) -> loaded.merge(
                client,
                new ClientSuppressions(Map.of(), List.copyOf(rules)),
                (a, b) -> new ClientSuppressions(a.sessions(), b.data())));
        byClient = Map.copyOf(loaded);
    }

    /** Adds this process's counts to the suppressions' rows, so that operators see them from anywhere. */
    private void addUpCounts() {
        Map<Long, Long> counts = new HashMap<>();
        hits.forEach((id, adder) -> {
            long count = adder.sumThenReset();
            if (count > 0) {
                counts.put(id, count);
            }
        });
        if (counts.isEmpty()) {
            return;
        }
        try {
            store.addCounts(counts, lastHit);
        } catch (RuntimeException e) {
            // Kept for the next run rather than lost.
            counts.forEach((id, count) ->
                    hits.computeIfAbsent(id, key -> new LongAdder()).add(count));
            log.warn("Could not add up {} suppressions' counts; trying again at the next refresh", counts.size(), e);
        }
    }

    /** Counts are added up one last time as the process stops. */
    @Override
    public void stop() {
        super.stop();
        addUpCounts();
    }

    private record DataRule(long id, DataCondition condition) {}

    /** One client's suppressions: session ids (each with its suppression's id) and data values. */
    private record ClientSuppressions(Map<String, Long> sessions, List<DataRule> data) {}
}
