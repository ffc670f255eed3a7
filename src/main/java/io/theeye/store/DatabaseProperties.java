package io.theeye.store;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where events are stored.
 *
 * @param url JDBC URL: a SQLite file ({@code jdbc:sqlite:./data/the-eye.db}) by default; a {@code jdbc:postgresql://}
 *     URL switches to PostgreSQL
 * @param user database user (PostgreSQL)
 * @param password database password (PostgreSQL)
 * @param poolSize most connections the process holds open for reads and everything else but the writers, which have
 *     connections of their own
 * @param busyTimeout SQLite: how long a write waits for another process's write (the CLI's, say) to finish
 * @param connectTimeout PostgreSQL: how long opening a connection (TCP and login) may take
 * @param socketTimeout PostgreSQL: how long a connection waits for any answer from the server before it gives up, so
 *     that a half-open connection cannot hang a writer; also the longest a statement (a migration's too) may run. 0
 *     waits for ever
 */
@Validated
@ConfigurationProperties("the-eye.db")
public record DatabaseProperties(
        @NotBlank String url,
        String user,
        String password,
        @Min(1) int poolSize,
        @NotNull Duration busyTimeout,
        @NotNull Duration connectTimeout,
        @NotNull Duration socketTimeout) {

    /** The database {@link #url} names; a URL of no supported database fails naming the property. */
    public SqlDialect dialect() {
        return SqlDialect.forUrl(url);
    }
}
