package io.theeye.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.theeye.event.Event;
import io.theeye.support.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * On SQLite one writer at a time holds the database's write lock, from its first write to its commit, and rows are
 * numbered under it: a second writer cannot take a number until the first has committed, in this process or
 * another.
 */
class SqliteEventFeedTests extends EventFeedTestCases {

    private String url;

    @Override
    String newDatabaseUrl() {
        url = TestDatabases.newSqliteUrl();
        return url;
    }

    @Override
    String user() {
        return "";
    }

    @Override
    String password() {
        return "";
    }

    @Test
    void aSecondWriterTakesItsSequenceOnlyAfterTheFirstHasCommitted() throws SQLException {
        TestStores.migrate(dataSource, "latest");
        Event early = event("first writer");
        Event late = event("second writer");
        try (Connection first = transaction();
                Connection second = connectionThatDoesNotWait()) {
            insert(first, early);

            assertThatThrownBy(() -> insert(second, late)).hasMessageContaining("SQLITE_BUSY");
            EventFeed.Page whileOpen = readAll(EventPosition.START);
            first.commit();
            second.rollback();
            insert(second, late);
            second.commit();
            EventFeed.Page afterwards = readAll(whileOpen.last());

            assertThat(whileOpen.events()).isEmpty();
            assertThat(names(List.of(afterwards))).containsExactly(early.name(), late.name());
            assertThat(sequenceOf(early)).isLessThan(sequenceOf(late));
        }
    }

    @Test
    void aSequenceIsNeverGivenAgainAfterTheNewestEventsAreDeleted() {
        TestStores.migrate(dataSource, "latest");
        store(event("kept"));
        Event deleted = event("deleted");
        store(deleted);
        EventPosition read = feed.after(EventPosition.START, 10).last();

        jdbc.sql("delete from events where id = ?")
                .param(dialect.uuid(deleted.id()))
                .update();
        jdbc.sql("vacuum").update();
        store(event("stored after the deletion"));

        assertThat(names(List.of(feed.after(read, 10)))).containsExactly("stored after the deletion");
    }

    @Test
    void aReaderResumesWithOneRangeScanOfTheTable() {
        TestStores.migrate(dataSource, "latest");

        String plan = String.join(
                "\n",
                jdbc.sql("explain query plan " + dialect.eventsAfterPosition())
                        .param("transaction", 0)
                        .param("sequence", 10)
                        .param("limit", 1000)
                        .query((rs, n) -> rs.getString("detail"))
                        .list());

        assertThat(plan).contains("SEARCH events USING INTEGER PRIMARY KEY (rowid>?)");
        assertThat(plan).doesNotContain("TEMP B-TREE");
    }

    /** A connection of its own that fails at once, rather than waits, when another holds the write lock. */
    private Connection connectionThatDoesNotWait() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("journal_mode", "WAL");
        properties.setProperty("busy_timeout", "0");
        Connection connection = DriverManager.getConnection(url, properties);
        connection.setAutoCommit(false);
        return connection;
    }
}
