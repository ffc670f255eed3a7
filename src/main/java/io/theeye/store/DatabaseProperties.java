package io.theeye.store;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where events are stored.
 *
 * @param url JDBC URL: an H2 file by default; a {@code jdbc:postgresql://} URL switches to PostgreSQL
 * @param user database user
 * @param password database password
 * @param poolSize most connections the process holds open
 */
@Validated
@ConfigurationProperties("the-eye.db")
public record DatabaseProperties(
        @NotBlank String url,
        @DefaultValue("") String user,
        @DefaultValue("") String password,
        @DefaultValue("10") @Min(1) int poolSize) {

    /** Whether {@link #url} is a PostgreSQL database (else H2). */
    public boolean postgres() {
        return SqlDialect.forUrl(url) == SqlDialect.POSTGRESQL;
    }
}
