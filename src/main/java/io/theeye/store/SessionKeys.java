package io.theeye.store;

import io.theeye.event.Event;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * SQLite: each session's number (V30), which events' session index is keyed by. A new session gets the next number, so
 * that index takes events near its end rather than at a random leaf as the session ids' text did; a session whose
 * events are all gone loses its row (a trigger of V30). Reads find a session's events through {@link #condition}.
 */
final class SessionKeys {

    /** A session as the API names it: ids are unique per client. */
    record Session(UUID clientId, String sessionId) {

        static Session of(Event event) {
            return new Session(event.clientId(), event.sessionId());
        }
    }

    /** A session's number, and whether this transaction gave it (the session was new). */
    record Key(long number, boolean added) {}

    /**
     * The condition on events that takes the sessions {@code which} names (a condition on {@code sessions}). One session
     * of one client is one number: an equality, which reads the session index in its order, where a list of numbers
     * would have to be sorted.
     */
    static String condition(String which, boolean oneNumber) {
        return "session_key " + (oneNumber ? "=" : "in") + " (select k from sessions where " + which + ")";
    }

    private static final String FIND = "select k from sessions where client_id = ? and session_id = ?";
    private static final String ADD =
            "insert into sessions (client_id, session_id) values (?, ?) on conflict (client_id, session_id) do nothing"
                    + " returning k";

    private SessionKeys() {}

    /**
     * The number of each session of {@code events}, given to those not seen before, inside the caller's transaction.
     * Looked up once per session of the group, not once per event.
     */
    static Map<Session, Key> of(JdbcTemplate jdbc, List<Event> events) {
        Map<Session, Key> keys = new LinkedHashMap<>();
        for (Event event : events) {
            keys.put(Session.of(event), null);
        }
        return jdbc.execute((ConnectionCallback<Map<Session, Key>>) connection -> {
            try (PreparedStatement find = connection.prepareStatement(FIND);
                    PreparedStatement add = connection.prepareStatement(ADD)) {
                for (Map.Entry<Session, Key> entry : keys.entrySet()) {
                    entry.setValue(key(find, add, entry.getKey()));
                }
            }
            return keys;
        });
    }

    /**
     * Takes out the numbers this transaction gave to sessions none of whose events it stored: each was a resend (an id
     * the client had stored already) under a session id not seen before. The trigger of V30 takes a session's row out
     * with its last event; such a row never had one. No other writer can have used the number yet: SQLite has one.
     */
    static void forgetUnused(JdbcTemplate jdbc, Map<Session, Key> keys, List<Event> stored) {
        Set<Session> used = stored.stream().map(Session::of).collect(Collectors.toSet());
        List<Object[]> unused = keys.entrySet().stream()
                .filter(entry -> entry.getValue().added() && !used.contains(entry.getKey()))
                .map(entry -> new Object[] {entry.getValue().number()})
                .toList();
        if (!unused.isEmpty()) {
            jdbc.batchUpdate("delete from sessions where k = ?", unused);
        }
    }

    /**
     * Adds first, looks up if the session was there: the group commit's first statement must be a write, which waits
     * for SQLite's write lock as {@code busy_timeout} says, where a read first would make the transaction's later
     * writes fail at once once another connection had committed (see {@link ChangeTransactions}).
     */
    private static Key key(PreparedStatement find, PreparedStatement add, Session session) throws SQLException {
        Long added = first(add, session);
        return added != null ? new Key(added, true) : new Key(first(find, session), false);
    }

    private static Long first(PreparedStatement statement, Session session) throws SQLException {
        statement.setObject(1, SqlDialect.SQLITE.uuid(session.clientId()));
        statement.setString(2, session.sessionId());
        try (ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getLong(1) : null;
        }
    }
}
