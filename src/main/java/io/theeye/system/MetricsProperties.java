package io.theeye.system;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Who may read the metrics.
 *
 * @param token the bearer token {@code /actuator/prometheus} requires ({@code Authorization: Bearer <token>}, what
 *     Prometheus' {@code authorization} scrape setting sends); empty: the metrics are open to anyone who can reach the
 *     port. At least 16 characters of a bearer token's alphabet (RFC 6750: letters, digits, {@code -._~+/}, then any
 *     {@code =}), so that it can be sent as it is and is not guessed
 */
@Validated
@ConfigurationProperties("the-eye.metrics")
public record MetricsProperties(
        @NotNull
        @Pattern(
                regexp = "|[A-Za-z0-9._~+/-]{16,}=*",
                message = "must be empty (metrics open) or at least 16 characters of A-Z a-z 0-9 - . _ ~ + /"
                        + " (a bearer token; openssl rand -hex 32 makes one)")
        String token) {

    /** Whether the metrics need a token. */
    public boolean tokenRequired() {
        return !token.isEmpty();
    }
}
