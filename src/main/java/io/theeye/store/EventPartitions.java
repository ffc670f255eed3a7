package io.theeye.store;

import io.theeye.event.Event;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * PostgreSQL's partitions of {@code events}, one per UTC day of the timestamp ({@code events_YYYYMMDD}): made ahead
 * of time by {@link PartitionsAhead}, and by the writers for any other day an event brings (a backfill, a wrong
 * clock), before the group commit that stores it, so that no accepted event ever finds no partition. Each process
 * remembers which days it has seen made, so that the hot path costs a look in a set.
 */
final class EventPartitions {

    /** Days made ahead of today: a week, so that the service never makes today's partition while ingesting. */
    static final int DAYS_AHEAD = 7;

    private static final Pattern NAME = Pattern.compile("events_(\\d{8})");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    /** PostgreSQL's answer to a row no partition takes: "no partition of relation "events" found for row". */
    private static final String CHECK_VIOLATION = "23514";

    private final JdbcTemplate jdbc;
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

    EventPartitions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Makes the partitions the events need that this process has not seen made, each in a transaction of its own. */
    void ensure(List<Event> events) {
        for (Event event : events) {
            LocalDate day = day(event.timestamp());
            if (!known.contains(day)) {
                make(day);
            }
        }
    }

    /**
     * Inside the caller's transaction, before it inserts the events: makes their days' partitions if missing, having
     * first taken the lock on {@code events} that its inserts take anyway, which a drop of a partition must wait
     * for. So no drop can come between the making and the insert, as it can between {@link #ensure} and the insert.
     */
    void makeHeld(List<Event> events) {
        jdbc.execute("lock table events in row exclusive mode");
        events.stream().map(event -> day(event.timestamp())).distinct().forEach(this::make);
    }

    /**
     * Takes, until the transaction ends, the lock that {@code events_partition_create} (V19) makes partitions under:
     * while it is held, no partition is made or attached.
     */
    static void holdCreationLock(JdbcClient jdbc) {
        jdbc.sql("select pg_advisory_xact_lock(hashtext('the-eye events partitions'), hashtext(current_schema()))")
                .query((rs, row) -> true)
                .single();
    }

    /** Makes yesterday's to {@link #DAYS_AHEAD} days ahead's partitions, those missing; says how many it made. */
    int makeAhead(LocalDate today) {
        reload();
        int made = 0;
        for (LocalDate day = today.minusDays(1); !day.isAfter(today.plusDays(DAYS_AHEAD)); day = day.plusDays(1)) {
            if (!known.contains(day) && make(day)) {
                made++;
            }
        }
        return made;
    }

    /** Makes the day's partition unless it exists (another process may have made it meanwhile); true when it did. */
    boolean make(LocalDate day) {
        Boolean made = jdbc.queryForObject("select events_partition_create(cast(? as date))", Boolean.class, day);
        known.add(day);
        return Boolean.TRUE.equals(made);
    }

    /** Reads which partitions exist now: after another process dropped one this process knew of. */
    void reload() {
        known.clear();
        known.addAll(existing().keySet());
    }

    /** Every partition by its day, oldest first, as the database has them now. */
    TreeMap<LocalDate, String> existing() {
        TreeMap<LocalDate, String> partitions = new TreeMap<>();
        jdbc.query("""
                select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                where i.inhparent = cast('events' as regclass)
                """, rs -> {
            String name = rs.getString(1);
            Matcher matcher = NAME.matcher(name);
            if (matcher.matches()) {
                partitions.put(LocalDate.parse(matcher.group(1), DAY), name);
            }
        });
        return partitions;
    }

    /** After this process dropped the day's partition. */
    void forget(LocalDate day) {
        known.remove(day);
    }

    static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant start(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Whether the failure is a row that no partition takes: one dropped after this process last looked. */
    static boolean noPartitionFor(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql
                    && CHECK_VIOLATION.equals(sql.getSQLState())
                    && String.valueOf(sql.getMessage()).contains("no partition")) {
                return true;
            }
        }
        return false;
    }
}
