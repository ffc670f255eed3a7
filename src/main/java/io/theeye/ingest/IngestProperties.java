package io.theeye.ingest;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on the requests {@code POST /events} and Segment's paths accept. The rules each event is held to are {@link
 * io.theeye.validation.ValidationProperties}, under the same prefix.
 *
 * @param maxBodySize largest request body; larger ones get 413
 * @param maxBatchEvents most events in one request
 * @param storeTimeout how long a request waits for its events to be stored before it answers 503
 * @param maxConcurrentRequests most requests read, checked and stored at once (each may hold a body of {@code
 *     maxBodySize}); beyond it, 503 at once, before the body is read
 * @param maxConcurrentRequestsPerClient the share of {@code maxConcurrentRequests} one client may hold, so that one
 *     client's slow uploads cannot take every request there is; beyond it, that client gets 503 at once
 * @param bodyTimeout how long the whole body may take to arrive, from the request's head; then 408, and the
 *     connection is closed
 */
@Validated
@ConfigurationProperties("the-eye.ingest")
public record IngestProperties(
        @NotNull DataSize maxBodySize,
        @Min(1) int maxBatchEvents,
        @NotNull Duration storeTimeout,
        @Min(1) int maxConcurrentRequests,
        @Min(1) int maxConcurrentRequestsPerClient,
        @NotNull Duration bodyTimeout) {

    public IngestProperties {
        if (bodyTimeout != null && (bodyTimeout.isNegative() || bodyTimeout.isZero())) {
            throw new IllegalArgumentException("the-eye.ingest.body-timeout must be positive, not " + bodyTimeout);
        }
    }
}
