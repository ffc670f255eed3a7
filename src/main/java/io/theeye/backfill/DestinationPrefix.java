package io.theeye.backfill;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where a destination URL writes, in a form two URLs can be compared in: the scheme, the root (a bucket, or the file
 * system's root) and the folders below it, so that {@code file:/x/events/} and {@code file:///x/events} are one
 * place, and {@code s3://bucket/x} contains {@code s3://bucket/x/events}.
 */
record DestinationPrefix(String scheme, String root, List<String> folders) {

    DestinationPrefix {
        folders = List.copyOf(folders);
    }

    /** The prefix of a {@code file:///path} or {@code s3://bucket/prefix} URL. */
    static DestinationPrefix of(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "file" -> {
                Path path = Path.of(url).toAbsolutePath().normalize();
                List<String> folders = new ArrayList<>();
                path.forEach(name -> folders.add(name.toString()));
                yield new DestinationPrefix(scheme, String.valueOf(path.getRoot()), folders);
            }
            case "s3" -> {
                if (url.getAuthority() == null || url.getAuthority().isEmpty()) {
                    throw new IllegalArgumentException("an S3 destination is s3://bucket/prefix, not " + url);
                }
                String path = url.getPath() == null ? "" : url.getPath();
                yield new DestinationPrefix(
                        scheme,
                        url.getAuthority(),
                        Arrays.stream(path.split("/"))
                                .filter(name -> !name.isEmpty())
                                .toList());
            }
            default ->
                throw new IllegalArgumentException(
                        "an export destination is file:///path/to/folder or s3://bucket/prefix, not " + url);
        };
    }

    /** Whether this is the other prefix or a folder below it. */
    boolean within(DestinationPrefix other) {
        return scheme.equals(other.scheme)
                && root.equals(other.root)
                && folders.size() >= other.folders.size()
                && folders.subList(0, other.folders.size()).equals(other.folders);
    }
}
