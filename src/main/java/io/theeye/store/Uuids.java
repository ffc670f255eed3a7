package io.theeye.store;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * An id as SQLite keeps it: 16 bytes, the most significant half first (big-endian), which compare byte by byte as the
 * canonical text compares, and take less than half its room in a key.
 */
final class Uuids {

    private Uuids() {}

    static byte[] bytes(UUID id) {
        return ByteBuffer.allocate(16)
                .putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits())
                .array();
    }

    /** @param bytes exactly 16 */
    static UUID of(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong());
    }
}
