package io.theeye.store;

import io.theeye.event.Event;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The feed over the database, each dialect's query in {@link SqlDialect}. */
final class JdbcEventFeed implements EventFeed {

    private final JdbcClient jdbc;
    private final SqlDialect dialect;

    JdbcEventFeed(JdbcClient jdbc, SqlDialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    @Override
    public EventPosition end() {
        return jdbc.sql(dialect.endPosition()).query((rs, n) -> position(rs)).single();
    }

    @Override
    public Page after(EventPosition position, int limit) {
        return read(position, null, limit);
    }

    @Override
    public Page between(EventPosition position, EventPosition upTo, int limit) {
        return read(position, upTo, limit);
    }

    /** The events after the position, up to {@code upTo} included when given. */
    private Page read(EventPosition position, EventPosition upTo, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        List<Event> events = new ArrayList<>();
        EventPosition[] last = {position};
        boolean[] beyond = {false};
        jdbc.sql(dialect.eventsAfterPosition())
                .param("transaction", position.transaction())
                .param("sequence", position.sequence())
                .param("limit", limit)
                .query(rs -> {
                    EventPosition at = position(rs);
                    if (beyond[0] || (upTo != null && at.compareTo(upTo) > 0)) {
                        beyond[0] = true;
                    } else {
                        last[0] = at;
                        events.add(dialect.event(rs, 3));
                    }
                });
        if (upTo == null) {
            return new Page(List.copyOf(events), last[0]);
        }
        // Fewer rows than asked, or one past the range: nothing of the range is left to read.
        boolean rangeDone = beyond[0] || events.size() < limit;
        return new Page(List.copyOf(events), rangeDone ? upTo : last[0]);
    }

    @Override
    public long countAfter(EventPosition position, long atMost) {
        return jdbc.sql(dialect.countAfterPosition())
                .param("transaction", position.transaction())
                .param("sequence", position.sequence())
                .param("limit", atMost)
                .query(Long.class)
                .single();
    }

    private static EventPosition position(ResultSet rs) throws SQLException {
        return new EventPosition(Long.parseLong(rs.getString(1)), rs.getLong(2));
    }
}
