package io.theeye.store;

import io.theeye.event.EventFilter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Each filter as the conditions of a {@code where} clause, written once per table. */
final class Conditions {

    private Conditions() {}

    /**
     * The filter's conditions on {@code events}, leading with the client as the indexes do; their parameters go into
     * {@code params}.
     */
    static String events(EventFilter filter, Map<String, Object> params, SqlDialect dialect) {
        List<String> sessions = filter.sessionId() == null ? List.of() : List.of(filter.sessionId());
        return events(
                filter.clientId(),
                sessions,
                filter.category(),
                filter.name(),
                filter.from(),
                filter.to(),
                params,
                dialect);
    }

    /** A deletion's conditions on {@code events}: the same as a read's, and any number of sessions and a value in data. */
    static String events(DeletionFilter filter, Map<String, Object> params, SqlDialect dialect) {
        String sql = events(
                filter.clientId(),
                filter.sessionIds(),
                filter.category(),
                filter.name(),
                filter.from(),
                filter.to(),
                params,
                dialect);
        return filter.data() == null ? sql : sql + " and " + dialect.dataEquals(filter.data(), params);
    }

    private static String events(
            UUID clientId,
            List<String> sessionIds,
            String category,
            String name,
            Instant from,
            Instant to,
            Map<String, Object> params,
            SqlDialect dialect) {
        StringBuilder sql = new StringBuilder("1 = 1");
        // SQLite finds sessions' events by their numbers (SessionKeys), whose sessions are the client's: the client
        // goes into that look-up, so that the session index is the one index the conditions on events can use.
        boolean sessionsByKey = !sessionIds.isEmpty() && dialect == SqlDialect.SQLITE;
        if (clientId != null) {
            params.put("client", dialect.uuid(clientId));
            if (!sessionsByKey) {
                sql.append(" and client_id = :client");
            }
        }
        if (!sessionIds.isEmpty()) {
            String ids;
            if (sessionIds.size() == 1) {
                ids = "session_id = :session";
                params.put("session", sessionIds.getFirst());
            } else {
                ids = "session_id in (:sessions)";
                params.put("sessions", sessionIds);
            }
            sql.append(" and ")
                    .append(
                            sessionsByKey
                                    ? SessionKeys.condition(
                                            (clientId == null ? "" : "client_id = :client and ") + ids,
                                            clientId != null && sessionIds.size() == 1)
                                    : ids);
        }
        if (category != null) {
            sql.append(" and category = :category");
            params.put("category", category);
        }
        if (name != null) {
            sql.append(" and name = :name");
            params.put("name", name);
        }
        if (from != null) {
            sql.append(" and \"timestamp\" >= :from");
            params.put("from", dialect.timestamp(from));
        }
        if (to != null) {
            sql.append(" and \"timestamp\" < :to");
            params.put("to", dialect.timestamp(to));
        }
        return sql.toString();
    }

    /** The filter's conditions on {@code rejected_events}; their parameters go into {@code params}. */
    static String rejected(RejectedFilter filter, Map<String, Object> params, SqlDialect dialect) {
        StringBuilder sql = new StringBuilder("1 = 1");
        if (filter.clientId() != null) {
            sql.append(" and client_id = :client");
            params.put("client", dialect.uuid(filter.clientId()));
        }
        if (filter.from() != null) {
            sql.append(" and received_at >= :from");
            params.put("from", dialect.timestamp(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" and received_at < :to");
            params.put("to", dialect.timestamp(filter.to()));
        }
        return sql.toString();
    }
}
