package io.theeye.exporter;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The continuous export (defaults in application.properties). Plain types only, so that binding them in a process
 * that does not export loads nothing of the export.
 *
 * @param to the destination: {@code file:///path/to/folder} or {@code s3://bucket/prefix}; blank: no export
 * @param compression {@code zstd} or {@code snappy}
 * @param batchEvents most events in one batch (its files, one per client and hour, are written together)
 * @param interval how long the exporter waits, once it has exported every event, before it looks for new ones: the
 *     longest an event waits to be exported while the exporter keeps up, and the pace of new files
 * @param lease how long an exporter's hold on its destination lasts unless renewed (it renews it while it runs):
 *     how long another exporter waits after one is killed
 * @param metricsPort the port the exporter's metrics are served on ({@code /actuator/prometheus}, behind
 *     {@code the-eye.metrics.token} when set); 0: not served
 * @param s3 how {@code s3://} destinations are reached
 */
@Validated
@ConfigurationProperties("the-eye.export")
public record ExporterProperties(
        String to,
        @NotNull String compression,
        @Min(1) int batchEvents,
        @NotNull Duration interval,
        @NotNull Duration lease,
        @Min(0) @Max(65535) int metricsPort,
        @Valid @NotNull S3 s3) {

    /**
     * @param endpoint the S3 API's address (MinIO, Ceph, R2...); blank: AWS's, or {@code AWS_ENDPOINT_URL}
     * @param region the region; blank: {@code AWS_REGION} or the profile's
     * @param pathStyle whether the bucket goes in the path rather than the host name (most S3-compatible stores)
     */
    public record S3(String endpoint, String region, boolean pathStyle) {}

    public boolean enabled() {
        return to != null && !to.isBlank();
    }
}
