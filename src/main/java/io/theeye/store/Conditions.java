package io.theeye.store;

import io.theeye.event.EventFilter;
import java.util.Map;

/** Each filter as the conditions of a {@code where} clause, written once per table. */
final class Conditions {

    private Conditions() {}

    /**
     * The filter's conditions on {@code events}, leading with the client as the indexes do; their parameters go into
     * {@code params}.
     */
    static String events(EventFilter filter, Map<String, Object> params, SqlDialect dialect) {
        StringBuilder sql = new StringBuilder("1 = 1");
        if (filter.clientId() != null) {
            sql.append(" and client_id = :client");
            params.put("client", dialect.uuid(filter.clientId()));
        }
        if (filter.sessionId() != null) {
            sql.append(" and session_id = :session");
            params.put("session", filter.sessionId());
        }
        if (filter.category() != null) {
            sql.append(" and category = :category");
            params.put("category", filter.category());
        }
        if (filter.name() != null) {
            sql.append(" and name = :name");
            params.put("name", filter.name());
        }
        if (filter.from() != null) {
            sql.append(" and \"timestamp\" >= :from");
            params.put("from", dialect.timestamp(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" and \"timestamp\" < :to");
            params.put("to", dialect.timestamp(filter.to()));
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
