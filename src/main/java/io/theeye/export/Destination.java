package io.theeye.export;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Where exported files go: a local folder or S3-compatible storage ({@link Destinations#open}). A file is visible
 * whole or not at all: readers (and {@link #exists}, {@link #list}) never see one half written, and a failed publish
 * leaves nothing visible. Keys are relative to the destination's folder or prefix, with {@code /} between folders.
 */
public interface Destination extends Closeable {

    /** The URL the destination was opened with. */
    URI url();

    /**
     * Has the content write a file, then makes it visible under the key once complete, replacing any file there. The
     * content is written to a local file of the destination's choosing, then moved or uploaded.
     *
     * @throws IOException when the file could not be written or made visible; then nothing new is visible
     */
    void publish(String key, Content content) throws IOException;

    /** Whether a complete file is visible under the key. */
    boolean exists(String key) throws IOException;

    /** The keys of the complete files visible whose keys start with the prefix ("" for all), in no given order. */
    List<String> list(String keyPrefix) throws IOException;

    /** Writes a file's content to the local path given, which exists empty. */
    @FunctionalInterface
    interface Content {
        void writeTo(Path file) throws IOException;
    }
}
