package io.theeye.export;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A local folder. A file is written under a hidden temporary name (a leading dot, which engines reading
 * {@code *.parquet} and {@link #list} skip) in its own folder, forced to disk, renamed atomically to its key, and the
 * folder forced too, so that after a crash the file is either complete under its name or absent.
 */
final class FileDestination implements Destination {

    private static final String IN_PROGRESS = ".";

    private final URI url;
    private final Path root;

    FileDestination(URI url, Path root) {
        this.url = url;
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public URI url() {
        return url;
    }

    @Override
    public void publish(String key, Content content) throws IOException {
        Path target = resolve(key);
        Path folder = target.getParent();
        createFolders(folder);
        Path temporary = folder.resolve(IN_PROGRESS + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createFile(temporary);
            content.writeTo(temporary);
            force(temporary, StandardOpenOption.WRITE);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        // The rename is durable once the folder's entry is.
        force(folder, StandardOpenOption.READ);
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public List<String> list(String keyPrefix) throws IOException {
        // Walk only the deepest folder the prefix names in full.
        int slash = keyPrefix.lastIndexOf('/');
        Path start = slash < 0 ? root : resolve(keyPrefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(start)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().startsWith(IN_PROGRESS))
                    .map(this::key)
                    .filter(key -> key.startsWith(keyPrefix))
                    .toList();
        }
    }

    @Override
    public void close() {}

    private Path resolve(String key) {
        Path path = root.resolve(key).normalize();
        if (key.isEmpty() || key.startsWith("/") || !path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("a key names a file inside the destination's folder, not " + key);
        }
        return path;
    }

    private String key(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    /** Creates the missing folders down to this one, each made durable in its parent. */
    private void createFolders(Path folder) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path each = folder; each != null && !Files.isDirectory(each); each = each.getParent()) {
            missing.push(each);
        }
        while (!missing.isEmpty()) {
            Path created = missing.pop();
            try {
                Files.createDirectory(created);
            } catch (FileAlreadyExistsException concurrently) {
                // Another writer made it first: as good.
            }
            force(created.getParent(), StandardOpenOption.READ);
        }
    }

    private static void force(Path path, StandardOpenOption mode) throws IOException {
        try (FileChannel channel = FileChannel.open(path, mode)) {
            channel.force(true);
        }
    }
}
