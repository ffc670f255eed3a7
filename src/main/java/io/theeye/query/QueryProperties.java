package io.theeye.query;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on the read API.
 *
 * @param maxConcurrentExports exports streaming at once; each holds a database connection for as long as it runs, so
 *     more would starve ingest of connections. Beyond it, an export gets 503 with Retry-After.
 */
@Validated
@ConfigurationProperties("the-eye.query")
public record QueryProperties(@DefaultValue("2") @Min(1) int maxConcurrentExports) {}
