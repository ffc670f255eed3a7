package io.theeye.queue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/** Signing keys and codecs for tests of the broker backends. */
public final class TestCodecs {

    /** The key every test application signs and verifies with: 40 bytes. */
    public static final String KEY = "test-signing-key-0123456789-abcdefghijkl";

    /** A second key, as while {@link #KEY} is being replaced. */
    public static final String SECOND_KEY = "second-test-signing-key-0123456789-abcd";

    /** Both, as {@code the-eye.queue.signing-key} takes them: the first signs, both verify. */
    public static final String KEYS = KEY + "," + SECOND_KEY;

    /** A key of the same length that no test application holds. */
    public static final String OTHER_KEY = "another-key-nobody-here-holds-0123456789";

    /** How much of a refused batch is kept, as {@code the-eye.ingest.rejected-raw-max-chars} sets it by default. */
    public static final int RAW_MAX_CHARS = 8192;

    private TestCodecs() {}

    /** A codec signing with {@link #KEY}. */
    public static BatchCodec signed() {
        return signedWith(KEY);
    }

    /** A codec signing with the first of these keys, verifying with any. */
    public static BatchCodec signedWith(String... keys) {
        return new BatchCodec(
                JsonMapper.builder().build(), List.of(keys), false, RAW_MAX_CHARS, new SimpleMeterRegistry());
    }
}
