package io.theeye.support;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Databases for tests: a fresh SQLite file in a temporary folder, or a fresh schema in a real PostgreSQL server. PostgreSQL's
 * address comes from the environment (defaults: the local server, database {@code test}, user {@code postgres}).
 * When it cannot be reached the test is skipped with the reason, unless {@code THE_EYE_REQUIRE_SERVICES=true} (as
 * on CI), where it fails.
 */
public final class TestDatabases {

    public static final String POSTGRES_URL = env("THE_EYE_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String POSTGRES_USER = env("THE_EYE_TEST_POSTGRES_USER", "postgres");
    public static final String POSTGRES_PASSWORD = env("THE_EYE_TEST_POSTGRES_PASSWORD", "");

    private TestDatabases() {}

    /** A JDBC URL for a new SQLite file, as the embedded default uses: a file, WAL, the same pragmas. */
    public static String newSqliteUrl() {
        try {
            Path folder = Files.createTempDirectory("the-eye-test");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteFolder(folder)));
            return "jdbc:sqlite:" + folder.resolve("data").resolve("the-eye.db");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteFolder(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is the system's to clean.
        }
    }

    /** A JDBC URL for a new, empty schema in the test PostgreSQL database. */
    public static String newPostgresSchemaUrl() {
        String schema =
                "the_eye_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, POSTGRES_PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute("create schema " + schema);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> dropSchema(schema)));
        } catch (SQLException e) {
            unavailable("PostgreSQL at " + POSTGRES_URL + " as " + POSTGRES_USER, e);
        }
        return POSTGRES_URL + (POSTGRES_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static void dropSchema(String schema) {
        try (Connection connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, POSTGRES_PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + schema + " cascade");
        } catch (SQLException e) {
            // A schema left behind costs a little disk in a test database; nothing to fail for.
        }
    }

    /** Points the application under test at a new SQLite file. */
    public static void useSqlite(DynamicPropertyRegistry registry) {
        String url = newSqliteUrl();
        registry.add("the-eye.db.url", () -> url);
    }

    /** Points the application under test at a new schema in the test PostgreSQL database. */
    public static void usePostgres(DynamicPropertyRegistry registry) {
        String url = newPostgresSchemaUrl();
        registry.add("the-eye.db.url", () -> url);
        registry.add("the-eye.db.user", () -> POSTGRES_USER);
        registry.add("the-eye.db.password", () -> POSTGRES_PASSWORD);
    }

    /** Skips the test, or fails it where services are required. */
    public static void unavailable(String service, Exception cause) {
        String message = service + " is unreachable (" + cause.getMessage() + ")";
        if (Boolean.parseBoolean(System.getenv("THE_EYE_REQUIRE_SERVICES"))) {
            fail(message + " and THE_EYE_REQUIRE_SERVICES=true", cause);
        }
        Assumptions.abort(message + ": skipping; set THE_EYE_REQUIRE_SERVICES=true to fail instead");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
