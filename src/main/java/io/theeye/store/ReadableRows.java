package io.theeye.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads every row of a table that the service loads whole (clients, write keys), leaving out a row that cannot be
 * read (an id that is no UUID, written by hand, say) with a warning: one bad row must not keep every other from being
 * known.
 */
final class ReadableRows {

    private static final Logger log = LoggerFactory.getLogger(ReadableRows.class);

    private ReadableRows() {}

    /** The rows the statement returns that the mapper can read; {@code what} names a row in the warning. */
    static <T> List<T> list(JdbcClient.StatementSpec statement, RowMapper<T> mapper, String what) {
        List<T> rows = new ArrayList<>();
        statement.query(rs -> {
            try {
                rows.add(mapper.mapRow(rs, rs.getRow()));
            } catch (SQLException | RuntimeException e) {
                log.warn("Skipping the unreadable {} row {}: {}", what, rs.getString(1), e.toString());
            }
        });
        return rows;
    }
}
