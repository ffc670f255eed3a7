package io.theeye.system;

import jakarta.validation.constraints.NotNull;
import java.util.regex.Pattern;
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
public record MetricsProperties(@NotNull String token) {

    private static final Pattern BEARER_TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]{16,}=*");

    public MetricsProperties {
        // Checked here rather than by a constraint, whose failure report would print the value: a secret, in the log.
        if (token != null && !token.isEmpty() && !BEARER_TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("the-eye.metrics.token (THE_EYE_METRICS_TOKEN) must be empty (metrics"
                    + " open) or at least 16 characters of A-Z a-z 0-9 - . _ ~ + / (a bearer token; openssl rand -hex"
                    + " 32 makes one); the value is not shown, as it is meant to be a secret");
        }
    }

    /** Whether the metrics need a token. */
    public boolean tokenRequired() {
        return !token.isEmpty();
    }
}
