package io.theeye.store;

/**
 * Where a stored event stands in the order that readers following the store take events in ({@link EventFeed}): the
 * live tail now, exports later. Reading "every event after a position" again and again never passes over an event,
 * whatever the writers do concurrently, and never gives one twice.
 *
 * <p>On PostgreSQL a position is the id of the transaction that wrote the event ({@code xid8}, which never wraps) and
 * a sequence number; a reader takes only events whose transaction is below its snapshot's {@code xmin}, all of which
 * have ended, so that no event can later appear before what it has read. A sequence alone would not do: with two
 * writers, the one that took the lower number can commit after a reader has taken the higher one. On SQLite, which
 * lets one writer in at a time and numbers rows while it holds the lock, the transaction is always 0 and the sequence
 * is the row id, in commit order. Events stored before positions existed are in transaction 0, first.
 *
 * @param transaction the writing transaction's id on PostgreSQL, 0 on SQLite and for events older than positions
 * @param sequence the event's number, increasing within a transaction
 */
public record EventPosition(long transaction, long sequence) implements Comparable<EventPosition> {

    /** Before every event. */
    public static final EventPosition START = new EventPosition(0, 0);

    public EventPosition {
        if (transaction < 0 || sequence < 0) {
            throw new IllegalArgumentException(
                    "a position is two non-negative numbers, not " + transaction + "/" + sequence);
        }
    }

    @Override
    public int compareTo(EventPosition other) {
        int byTransaction = Long.compare(transaction, other.transaction);
        return byTransaction != 0 ? byTransaction : Long.compare(sequence, other.sequence);
    }

    /** {@code transaction/sequence}, as {@link #parse} reads it: for a reader that keeps its position somewhere. */
    @Override
    public String toString() {
        return transaction + "/" + sequence;
    }

    public static EventPosition parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("a position is transaction/sequence, not " + text);
        }
        try {
            return new EventPosition(
                    Long.parseLong(text.substring(0, slash)), Long.parseLong(text.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a position is transaction/sequence, not " + text, e);
        }
    }
}
