package io.theeye.store;

import io.theeye.event.EventFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On PostgreSQL, the first and last day (UTC, the days the partitions of {@code events} are cut by) on which each
 * session has events: table {@code session_days} (V28). A read of a session with no time range of its own takes its
 * range from here, so that PostgreSQL plans and opens those days' partitions, not every one.
 *
 * <p>The range covers every stored event of the session, always: the insert widens it in the statement that stores
 * the events ({@link #UPSERT}). It may be wider than the events (a deletion leaves it as it was), which costs a few
 * partitions more and changes no result. Expiry takes out the rows whose last day has expired ({@link #expire}).
 */
final class SessionDays {

    private static final Duration DAY = Duration.ofDays(1);

    /** Rows taken out by expiry per transaction. */
    static final int EXPIRY_BATCH = 5000;

    private SessionDays() {}

    /**
     * The part of the insert's statement ({@link EventInserts#unnested}) that widens the ranges of the sessions of the
     * rows it stored (the CTE {@code inserted}, with the session). A session whose range already covers its new
     * rows' days is left out before the upsert, so that it is neither written nor locked: most of a session's events
     * change nothing, and two writers storing events of one session do not wait for each other. The upsert's own
     * {@code where} decides again once it holds the row (another writer may have widened it since this statement's
     * snapshot). Keys in order, text by its bytes, so that writers lock shared rows in one order and do not deadlock.
     *
     * <p>Left out on a range that covered the days when the statement began: were expiry to delete that row meanwhile,
     * the new rows, being in its expired days, are expired too, and the next expiry deletes them.
     */
    static final String UPSERT = """
            session_ranges as (
                select client_id, session_id, date_trunc('day', min("timestamp"), 'UTC') as first_day,
                       date_trunc('day', max("timestamp"), 'UTC') as last_day
                from inserted group by client_id, session_id
            ),
            sessions as (
                insert into session_days as d (client_id, session_id, first_day, last_day)
                select r.client_id, r.session_id, r.first_day, r.last_day
                from session_ranges r left join session_days k using (client_id, session_id)
                where k.client_id is null or r.first_day < k.first_day or r.last_day > k.last_day
                order by r.client_id, r.session_id collate "C"
                on conflict (client_id, session_id) do update
                    set first_day = least(d.first_day, excluded.first_day),
                        last_day = greatest(d.last_day, excluded.last_day)
                    where excluded.first_day < d.first_day or excluded.last_day > d.last_day
            ),
            """;

    /**
     * Whether {@link #narrowed} bounds a read: a session's read without a whole time range of its own on PostgreSQL, which would
     * otherwise open every partition after {@code from} or before {@code to}.
     */
    static boolean applies(EventFilter filter, SqlDialect dialect) {
        return dialect == SqlDialect.POSTGRESQL
                && filter.sessionId() != null
                && (filter.from() == null || filter.to() == null);
    }

    /**
     * The filter to read by: where {@link #applies}, with the time range it lacks taken from the session's days (the
     * same events, from fewer partitions), and empty when the session has no row, so no events; else the filter as it
     * is.
     */
    static Optional<EventFilter> narrowed(JdbcClient jdbc, SqlDialect dialect, EventFilter filter) {
        return applies(filter, dialect) ? bound(jdbc, filter) : Optional.of(filter);
    }

    /**
     * The filter with the time range it lacks taken from the session's days. With every client (no client in the
     * filter) the range spans the session's rows of each.
     */
    private static Optional<EventFilter> bound(JdbcClient jdbc, EventFilter filter) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("session", filter.sessionId());
        String client;
        if (filter.clientId() != null) {
            client = "client_id = :client";
            params.put("client", filter.clientId());
        } else {
            client = Rollups.everyClient(SqlDialect.POSTGRESQL);
        }
        return jdbc.sql("select min(first_day), max(last_day) from session_days where " + client
                        + " and session_id = :session")
                .params(params)
                .query((rs, n) -> {
                    Instant first = SqlDialect.POSTGRESQL.instant(rs, 1);
                    Instant last = SqlDialect.POSTGRESQL.instant(rs, 2);
                    return first == null
                            ? Optional.<EventFilter>empty()
                            : Optional.of(new EventFilter(
                                    filter.clientId(),
                                    filter.sessionId(),
                                    filter.category(),
                                    filter.name(),
                                    filter.from() != null ? filter.from() : first,
                                    filter.to() != null ? filter.to() : last.plus(DAY)));
                })
                .single();
    }

    /**
     * Takes out the client's rows whose every day is before {@code before}, {@link #EXPIRY_BATCH} at a time, each batch
     * in a transaction of its own; how many. Rows a writer holds (it is widening them) are skipped, not waited for:
     * the next run takes them if they are still expired.
     */
    static long expire(JdbcClient jdbc, TransactionTemplate transaction, UUID client, Instant before) {
        long deleted = 0;
        Integer rows;
        do {
            rows = transaction.execute(status -> jdbc.sql("delete from session_days where ctid = any(array("
                            + "select ctid from session_days where client_id = :client and last_day <= :lastDay"
                            + " limit :batch for update skip locked))")
                    .param("client", client)
                    .param("lastDay", SqlDialect.POSTGRESQL.timestamp(before.minus(DAY)))
                    .param("batch", EXPIRY_BATCH)
                    .update());
            deleted += rows == null ? 0 : rows;
        } while (rows != null && rows > 0);
        return deleted;
    }
}
