package io.theeye.admin;

import io.theeye.exporter.ExportLags;
import io.theeye.fleet.Fleet;
import io.theeye.fleet.Member;
import io.theeye.store.EventStats;
import io.theeye.store.RejectedEventReads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The dashboard: events per minute over the last hour by category, today's totals, the state of the queue, writers,
 * database and broker, every process of the deployment (live, failing or lost), and how far each Parquet export is
 * behind. The page renders them once; its script fetches them again every few seconds.
 */
@Controller
@ConditionalOnWebApplication
class DashboardController {

    /** Categories drawn each as a line; the rest are summed as {@code other}. */
    static final int CHARTED_CATEGORIES = 8;

    static final int MINUTES = 60;

    private final EventStats stats;
    private final RejectedEventReads rejections;
    private final SystemState system;
    private final Fleet fleet;
    private final ExportLags exports;
    private final Clock clock;

    DashboardController(
            EventStats stats,
            RejectedEventReads rejections,
            SystemState system,
            Fleet fleet,
            ExportLags exports,
            Clock clock) {
        this.stats = stats;
        this.rejections = rejections;
        this.system = system;
        this.fleet = fleet;
        this.exports = exports;
        this.clock = clock;
    }

    @GetMapping({"/admin", "/admin/"})
    String dashboard(Model model) {
        model.addAttribute("dashboard", data());
        return "admin/dashboard";
    }

    @GetMapping("/admin/dashboard.json")
    @ResponseBody
    Dashboard data() {
        Instant now = clock.instant();
        Instant end = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        Instant start = end.minus(Duration.ofMinutes(MINUTES));
        Instant today = now.truncatedTo(ChronoUnit.DAYS);
        return new Dashboard(
                now,
                chart(start, stats.perMinute(start, end)),
                stats.count(today, today.plus(Duration.ofDays(1))),
                rejections.countSince(today),
                system.read(),
                processes(now, fleet.members(), fleet.timeout()),
                exports.all().stream().map(ExportView::of).toList());
    }

    private static Processes processes(Instant now, List<Member> members, Duration timeout) {
        List<ProcessView> views = new ArrayList<>(members.size());
        long live = 0;
        long failing = 0;
        double perSecond = 0;
        for (Member m : members) {
            if (m.state() != Member.State.LOST) {
                perSecond += m.eventsPerSecond();
            }
            if (m.state() == Member.State.LIVE) {
                live++;
            } else if (m.state() == Member.State.FAILING) {
                failing++;
            }
            views.add(new ProcessView(
                    m.id(),
                    m.role(),
                    m.host(),
                    m.pid(),
                    m.version(),
                    m.startedAt(),
                    m.lastSeen(),
                    Math.max(0, Duration.between(m.lastSeen(), now).toSeconds()),
                    m.state().label(),
                    m.batchesStored(),
                    m.eventsStored(),
                    m.failures(),
                    m.restarts(),
                    m.problem()));
        }
        return new Processes(
                live,
                failing,
                members.size() - live - failing,
                Math.round(perSecond * 10) / 10.0,
                timeout.toSeconds(),
                views);
    }

    private static Chart chart(Instant start, List<EventStats.MinuteCount> counts) {
        List<Long> minutes = new ArrayList<>(MINUTES);
        for (int i = 0; i < MINUTES; i++) {
            minutes.add(start.plus(Duration.ofMinutes(i)).getEpochSecond());
        }
        Map<String, Long> totals = new HashMap<>();
        counts.forEach(c -> totals.merge(c.category(), c.count(), Long::sum));
        List<String> charted = totals.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(totals.size() > CHARTED_CATEGORIES ? CHARTED_CATEGORIES - 1 : CHARTED_CATEGORIES)
                .map(Map.Entry::getKey)
                .sorted(Comparator.naturalOrder())
                .toList();
        Map<String, long[]> series = new LinkedHashMap<>();
        charted.forEach(category -> series.put(category, new long[MINUTES]));
        for (EventStats.MinuteCount count : counts) {
            int minute = (int) Duration.between(start, count.minute()).toMinutes();
            if (minute < 0 || minute >= MINUTES) {
                continue;
            }
            String category = series.containsKey(count.category()) ? count.category() : "other";
            series.computeIfAbsent(category, c -> new long[MINUTES])[minute] += count.count();
        }
        List<Series> lines = new ArrayList<>();
        series.forEach((category, values) -> lines.add(new Series(category, values)));
        return new Chart(minutes, lines);
    }

    /**
     * @param eventsToday events with timestamps in today (UTC)
     * @param rejectedToday events refused since midnight (UTC)
     */
    record Dashboard(
            Instant at,
            Chart chart,
            long eventsToday,
            long rejectedToday,
            SystemState.State system,
            Processes processes,
            List<ExportView> exports) {}

    /**
     * The deployment's processes, from the registry every process writes its heartbeat to.
     *
     * @param failing processes alive but telling of a problem (the exporter that cannot write)
     * @param storedPerSecond events the processes not lost stored per second, each over its last heartbeat interval
     * @param timeoutSeconds how long a process may stay silent before it is lost
     */
    record Processes(
            long live,
            long failing,
            long lost,
            double storedPerSecond,
            long timeoutSeconds,
            List<ProcessView> members) {}

    /**
     * @param secondsSinceSeen how long ago the process last wrote its heartbeat
     * @param problem why it cannot do its work, as it last told; null while it can
     */
    record ProcessView(
            String id,
            String role,
            String host,
            long pid,
            String version,
            Instant startedAt,
            Instant lastSeen,
            long secondsSinceSeen,
            String state,
            long batchesStored,
            long eventsStored,
            long failures,
            long restarts,
            String problem) {}

    /**
     * One destination of the continuous export, read from the database (the exporter is another process).
     *
     * @param events events not exported yet; where counting stopped when {@code counted} is false
     * @param seconds how long ago the oldest of them was received
     * @param holder the exporter writing to it now, or null when none holds it
     */
    record ExportView(String destination, long events, boolean counted, long seconds, String holder) {

        static ExportView of(ExportLags.Lag lag) {
            return new ExportView(lag.destination(), lag.events(), lag.counted(), lag.seconds(), lag.holder());
        }
    }

    /** @param minutes each minute's start, in seconds since the epoch */
    record Chart(List<Long> minutes, List<Series> series) {}

    record Series(String category, long[] counts) {}
}
