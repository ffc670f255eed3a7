package io.theeye.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.event.Event;
import io.theeye.support.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL two writers commit in any order: the reader must not pass over the one that took the lower sequence
 * number and commits last. Each case runs two real transactions on two connections, step by step.
 */
class PostgresEventFeedTests extends EventFeedTestCases {

    @Override
    String newDatabaseUrl() {
        return TestDatabases.newPostgresSchemaUrl();
    }

    @Override
    String user() {
        return TestDatabases.POSTGRES_USER;
    }

    @Override
    String password() {
        return TestDatabases.POSTGRES_PASSWORD;
    }

    @Test
    void anEventWithTheLowerSequenceCommittedAfterOneWithAHigherIsNotPassedOver() throws SQLException {
        TestStores.migrate(dataSource, "latest");
        Event early = event("early", "lower sequence, committed last");
        Event late = event("late", "higher sequence, committed first");
        try (Connection first = transaction();
                Connection second = transaction()) {
            insert(first, early);
            insert(second, late);
            second.commit();

            // A reader now must not take "late" and move past "early", which may still commit.
            EventFeed.Page whileOpen = readAll(EventPosition.START);
            first.commit();
            EventFeed.Page afterwards = readAll(whileOpen.last());

            assertThat(sequenceOf(early)).isLessThan(sequenceOf(late));
            assertThat(whileOpen.events()).isEmpty();
            assertThat(names(List.of(whileOpen, afterwards))).containsExactly(early.name(), late.name());
        }
    }

    @Test
    void anEventOfALaterTransactionCommittedLastIsNotPassedOverEvenWithTheLowerSequence() throws SQLException {
        TestStores.migrate(dataSource, "latest");
        Event early = event("early", "lower sequence, committed last");
        Event late = event("late", "higher sequence, committed first");
        try (Connection first = transaction();
                Connection second = transaction()) {
            // The second transaction has the older id (it began writing first), the first the lower sequence.
            second.createStatement().execute("select pg_current_xact_id()");
            insert(first, early);
            insert(second, late);
            second.commit();

            EventFeed.Page whileOpen = readAll(EventPosition.START);
            first.commit();
            EventFeed.Page afterwards = readAll(whileOpen.last());

            // A plain "sequence > last read" would have read "late", then skipped "early" for ever.
            assertThat(sequenceOf(early)).isLessThan(sequenceOf(late));
            assertThat(names(List.of(whileOpen))).containsExactly(late.name());
            assertThat(names(List.of(afterwards))).containsExactly(early.name());
        }
    }

    @Test
    void aReaderResumesWithOneRangeScanOfThePositionIndex() {
        TestStores.migrate(dataSource, "latest");
        for (int group = 0; group < 20; group++) {
            store(IntStream.range(0, 1000).mapToObj(i -> event("bulk")).toArray(Event[]::new));
        }
        jdbc.sql("analyze events").update();
        EventPosition middle = feed.after(EventPosition.START, 10_000).last();

        String plan = String.join(
                "\n",
                jdbc.sql("explain " + dialect.eventsAfterPosition())
                        .param("transaction", middle.transaction())
                        .param("sequence", middle.sequence())
                        .param("limit", 1000)
                        .query(String.class)
                        .list());

        // One range scan of each day's partition of the index, merged in position order.
        assertThat(plan)
                .contains("Merge Append")
                .containsPattern("Index Scan using events_\\d{8}_xid_seq_idx on events_\\d{8}")
                .contains("Index Cond: ((ROW(xid, seq) > ROW(")
                .contains("AND (xid < $")
                .doesNotContainPattern("->\\s+Sort");
    }
}
