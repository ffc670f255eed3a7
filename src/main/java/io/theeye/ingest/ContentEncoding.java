package io.theeye.ingest;

import io.theeye.system.ApiError;
import io.theeye.system.ApiException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import org.springframework.http.HttpStatus;

/**
 * How a request's body is compressed ({@code Content-Encoding}), as SDKs send their batches. The body limit applies to
 * what a body inflates to, checked while inflating: a small body that would inflate past it is refused without being
 * inflated in memory.
 */
enum ContentEncoding {
    IDENTITY,
    GZIP,
    DEFLATE;

    private static final String SUPPORTED = "must be gzip, deflate or identity";

    /** The encoding a request names, or 415 naming {@code Content-Encoding} for any other (or more than one). */
    static ContentEncoding of(String header) {
        if (header == null || header.isBlank()) {
            return IDENTITY;
        }
        return switch (header.strip().toLowerCase(Locale.ROOT)) {
            case "identity" -> IDENTITY;
            case "gzip", "x-gzip" -> GZIP;
            case "deflate" -> DEFLATE;
            default ->
                throw new ApiException(
                        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        ApiError.of("unsupported_encoding", "Content-Encoding", SUPPORTED));
        };
    }

    /**
     * The body as sent, inflated to at most {@code max} bytes.
     *
     * @throws ApiException 413 when it inflates past {@code max}, 400 when it is not what its encoding says
     */
    byte[] decode(byte[] body, long max) {
        return switch (this) {
            case IDENTITY -> body;
            case GZIP -> inflate(body, max, false);
            case DEFLATE -> inflate(body, max, true);
        };
    }

    private static byte[] inflate(byte[] body, long max, boolean deflate) {
        try {
            if (!deflate) {
                return readAtMost(new GZIPInputStream(new ByteArrayInputStream(body)), max);
            }
            try {
                return readAtMost(new InflaterInputStream(new ByteArrayInputStream(body), new Inflater()), max);
            } catch (ZipException zlibHeaderMissing) {
                // HTTP's deflate is zlib-wrapped, but some clients send the raw stream: read that too.
                return readAtMost(new InflaterInputStream(new ByteArrayInputStream(body), new Inflater(true)), max);
            }
        } catch (IOException e) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    ApiError.of(
                            "malformed_body",
                            "body",
                            "is not valid " + (deflate ? "deflate" : "gzip") + " data: " + e.getMessage()));
        }
    }

    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        try (in) {
            byte[] buffer = new byte[(int) Math.min(max + 1, 64 * 1024)];
            int length = 0;
            while (true) {
                if (length == buffer.length) {
                    if (length > max) {
                        throw new ApiException(
                                HttpStatus.CONTENT_TOO_LARGE,
                                ApiError.of(
                                        "body_too_large", "body", "must be at most " + max + " bytes decompressed"));
                    }
                    buffer = Arrays.copyOf(buffer, (int) Math.min(2L * length, max + 1));
                }
                int read = in.read(buffer, length, buffer.length - length);
                if (read < 0) {
                    return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
                }
                length += read;
            }
        }
    }
}
