package io.theeye.store;

import io.theeye.event.EpochMicros;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.postgresql.copy.CopyIn;

/**
 * Rows for PostgreSQL's {@code COPY ... FROM STDIN (FORMAT binary)}, built in memory: a header, then for each row its
 * number of fields and each field as a length and the type's binary form (a length of -1 is a null), then a trailer.
 * All integers big-endian. The server reads each field with the type's receive function, no text parsed but text's.
 */
final class BinaryCopy {

    /** "PGCOPY\n\377\r\n\0", then the flags and the length of the header's extension, both 0. */
    private static final byte[] HEADER = {
        'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0
    };

    /** 2000-01-01T00:00:00Z, from which a {@code timestamptz} counts its microseconds, in microseconds since 1970. */
    private static final long POSTGRES_EPOCH = 946_684_800_000_000L;

    private byte[] bytes;
    private int length;

    BinaryCopy(int capacity) {
        bytes = new byte[Math.max(capacity, HEADER.length + 2)];
        System.arraycopy(HEADER, 0, bytes, 0, HEADER.length);
        length = HEADER.length;
    }

    /** Starts a row of this many fields, which follow. */
    BinaryCopy row(int fields) {
        room(2);
        putShort(fields);
        return this;
    }

    BinaryCopy uuid(UUID id) {
        room(20);
        putInt(16);
        putLong(id.getMostSignificantBits());
        putLong(id.getLeastSignificantBits());
        return this;
    }

    /** Text as UTF-8, the driver's client encoding. */
    BinaryCopy text(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        room(4 + utf8.length);
        putInt(utf8.length);
        System.arraycopy(utf8, 0, bytes, length, utf8.length);
        length += utf8.length;
        return this;
    }

    /** An {@code integer}, or null. */
    BinaryCopy int4(Integer value) {
        if (value == null) {
            return nothing();
        }
        room(8);
        putInt(4);
        putInt(value);
        return this;
    }

    /** A {@code timestamptz}, or null: microseconds since 2000, exact as {@link EpochMicros} are. */
    BinaryCopy timestamptz(Instant instant) {
        if (instant == null) {
            return nothing();
        }
        room(12);
        putInt(8);
        putLong(EpochMicros.of(instant) - POSTGRES_EPOCH);
        return this;
    }

    /** Ends the rows and sends them all, as one message. */
    void sendTo(CopyIn copy) throws SQLException {
        room(2);
        putShort(-1);
        copy.writeToCopy(bytes, 0, length);
    }

    private BinaryCopy nothing() {
        room(4);
        putInt(-1);
        return this;
    }

    private void room(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    private void putShort(int value) {
        bytes[length++] = (byte) (value >>> 8);
        bytes[length++] = (byte) value;
    }

    private void putInt(int value) {
        putShort(value >>> 16);
        putShort(value);
    }

    private void putLong(long value) {
        putInt((int) (value >>> 32));
        putInt((int) value);
    }
}
