package io.theeye.fleet;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How processes tell they are alive (defaults in application.properties).
 *
 * @param interval how often each process writes its row (its last-seen time and counts)
 * @param timeout how long a process may stay silent before it is shown lost; longer than {@code interval}, so that
 *     a process is not lost between two heartbeats
 */
@Validated
@ConfigurationProperties("the-eye.worker.heartbeat")
public record HeartbeatProperties(
        @NotNull Duration interval, @NotNull Duration timeout) {

    public HeartbeatProperties {
        if (interval != null && (interval.isNegative() || interval.toMillis() < 1)) {
            throw new IllegalArgumentException(
                    "the-eye.worker.heartbeat.interval (THE_EYE_WORKER_HEARTBEAT_INTERVAL) must be at least 1ms");
        }
        if (interval != null && timeout != null && timeout.compareTo(interval) <= 0) {
            throw new IllegalArgumentException("the-eye.worker.heartbeat.timeout (THE_EYE_WORKER_HEARTBEAT_TIMEOUT), "
                    + timeout + ", must be longer than the-eye.worker.heartbeat.interval"
                    + " (THE_EYE_WORKER_HEARTBEAT_INTERVAL), " + interval
                    + ": a process would be shown lost between two heartbeats");
        }
    }
}
