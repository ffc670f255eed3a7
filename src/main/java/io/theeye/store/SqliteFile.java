package io.theeye.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the embedded database's folder and file private before SQLite opens them: the file holds every client's
 * secret. SQLite gives its {@code -wal} and {@code -shm} files the database file's permissions, so a 0600 file
 * keeps them private too.
 */
final class SqliteFile {

    private static final Logger log = LoggerFactory.getLogger(SqliteFile.class);
    private static final Set<PosixFilePermission> PRIVATE_FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");

    private SqliteFile() {}

    /** Creates the folder (0700) and an empty database file (0600) if missing; tightens an existing file's. */
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
