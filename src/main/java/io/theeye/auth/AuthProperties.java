package io.theeye.auth;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How client tokens are checked.
 *
 * @param clockSkew leeway allowed on {@code exp}, {@code iat} and {@code nbf} for clocks that disagree
 * @param clientRefreshInterval how often the cache of clients is reloaded; a new or revoked client takes effect
 *     within this interval (keep it under 5 s)
 */
@Validated
@ConfigurationProperties("the-eye.auth")
public record AuthProperties(
        @NotNull @DefaultValue("30s") Duration clockSkew,
        @NotNull @DefaultValue("2s") Duration clientRefreshInterval) {}
