package io.theeye.system;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Whether the OpenAPI document and Swagger UI are served. springdoc reads the same value (application.properties
 * passes it on); this record is here to refuse at start what springdoc would misread: its switch takes anything but
 * {@code false} for on, so {@code no}, {@code off} or {@code 0} would leave the document served.
 *
 * @param enabled {@code true} or {@code false}, in any case
 */
@Validated
@ConfigurationProperties("the-eye.api-docs")
public record ApiDocsProperties(
        @NotNull @Pattern(regexp = "(?i)true|false", message = "must be true or false")
        String enabled) {}
