package io.theeye.query;

import io.theeye.store.ReadLimits;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on the read API.
 *
 * @param maxConcurrentExports exports streaming at once; each holds a database connection for as long as it runs, so
 *     more would starve ingest of connections. Beyond it, an export gets 503 with Retry-After.
 * @param maxConcurrentExportsPerClient exports one client may stream at once, so that one client reading slowly
 *     cannot take every export there is; beyond it, that client's next export gets 503 with Retry-After
 * @param maxStatsResults most results (bucket and group pairs with events) one {@code /stats} answer may hold;
 *     beyond it, 400 naming {@code interval}, so that no answer is built that memory cannot hold
 * @param timeout how long a read's statements may run (exports aside); then the request gets 503 with Retry-After
 * @param writeTimeout how long a reader may take to receive an answer (exports aside), from its first byte; then the
 *     connection is cut, so that a slow reader cannot hold it
 * @param exportTimeout how long an export may run in all, its reader's pace included; then the connection is cut
 */
@Validated
@ConfigurationProperties("the-eye.query")
public record QueryProperties(
        @Min(1) int maxConcurrentExports,
        @Min(1) int maxConcurrentExportsPerClient,
        @Min(1) int maxStatsResults,
        @NotNull Duration timeout,
        @NotNull Duration writeTimeout,
        @NotNull Duration exportTimeout)
        implements ReadLimits {

    public QueryProperties {
        requirePositive(timeout, "the-eye.query.timeout (THE_EYE_QUERY_TIMEOUT)");
        requirePositive(writeTimeout, "the-eye.query.write-timeout (THE_EYE_QUERY_WRITE_TIMEOUT)");
        requirePositive(exportTimeout, "the-eye.query.export-timeout (THE_EYE_QUERY_EXPORT_TIMEOUT)");
    }

    private static void requirePositive(Duration value, String name) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
