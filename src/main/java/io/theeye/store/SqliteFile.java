package io.theeye.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the embedded database's folder and file private before SQLite opens them: the file holds every client's
 * secret. SQLite gives its {@code -wal} and {@code -shm} files the database file's permissions, so a 0600 file
 * keeps them private too. A new file is given its page size before anything else writes to it.
 */
final class SqliteFile {

    private static final Logger log = LoggerFactory.getLogger(SqliteFile.class);
    private static final Set<PosixFilePermission> PRIVATE_FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");

    private SqliteFile() {}

    /**
     * The page size of a database this service makes (SQLite's default is 4096). The group commit reaches its
     * indexes' leaves at random: with pages twice as large the B-trees are shallower and a group dirties fewer
     * pages, 15 to 20 % less of the writer's CPU per event (docs/benchmarks.md). A database keeps the page size it
     * was made with; docs/configuration.md shows how to convert one.
     */
    static final int PAGE_BYTES = 8192;

    /**
     * Creates the folder (0700) and an empty database file (0600) if missing, tightens an existing file's, and gives
     * an empty file its page size.
     */
    static void prepare(String jdbcUrl) {
        Path file = path(jdbcUrl);
        if (file == null) {
            return;
        }
        try {
            Path folder = file.toAbsolutePath().getParent();
            if (folder != null && !Files.isDirectory(folder)) {
                Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PRIVATE_FOLDER));
            }
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PRIVATE_FILE));
            } catch (FileAlreadyExistsException e) {
                // An existing database, perhaps from before these permissions: tightened below.
            }
            // A folder that already existed may be shared on purpose (the working directory, say): left alone.
            tighten(file, PRIVATE_FILE);
            if (Files.size(file) == 0) {
                format(jdbcUrl);
            }
            for (String suffix : new String[] {"-wal", "-shm"}) {
                Path companion = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(companion)) {
                    tighten(companion, PRIVATE_FILE);
                }
            }
        } catch (UnsupportedOperationException e) {
            log.warn("Cannot set POSIX permissions on {}: keep its folder private yourself", file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the database file " + file, e);
        }
    }

    /**
     * Writes the new database's header: the page size is fixed by the first write, which the pools' own settings
     * cannot order before their switch to WAL.
     */
    private static void format(String jdbcUrl) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                Statement statement = connection.createStatement()) {
            statement.execute("pragma page_size = " + PAGE_BYTES);
            statement.execute("pragma journal_mode = wal");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot make the database file " + path(jdbcUrl), e);
        }
    }

    /** Only the owner can change permissions; anyone else sharing the file leaves them as they are. */
    private static void tighten(Path path, Set<PosixFilePermission> wanted) throws IOException {
        if (path == null || Files.getPosixFilePermissions(path).equals(wanted)) {
            return;
        }
        try {
            Files.setPosixFilePermissions(path, wanted);
        } catch (IOException e) {
            log.warn("Could not make {} private ({}): other local users may read it", path, e.getMessage());
        }
    }

    /** The file a {@code jdbc:sqlite:} URL opens, or null for an in-memory database. */
    static Path path(String jdbcUrl) {
        String location = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = location.indexOf('?');
        boolean inMemory = query >= 0 && location.substring(query).contains("mode=memory");
        if (query >= 0) {
            location = location.substring(0, query);
        }
        if (location.startsWith("file:")) {
            location = location.substring("file:".length());
        }
        if (inMemory || location.isEmpty() || location.equals(":memory:") || location.startsWith(":resource:")) {
            return null;
        }
        return Path.of(location);
    }
}
