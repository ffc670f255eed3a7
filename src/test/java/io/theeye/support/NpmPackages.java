package io.theeye.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Other people's JavaScript SDKs, exactly as the npm registry publishes them: {@code src/test/npm} pins them with a
 * lock file, and {@link #install()} runs {@code npm ci} into {@code target/npm} once per build. Without Node.js and
 * npm the tests are skipped, or fail under {@code THE_EYE_REQUIRE_SERVICES=true} ({@code .ci/run} installs them).
 */
public final class NpmPackages {

    private static final Path PINNED = Path.of("src", "test", "npm");
    private static final Path INSTALLED = Path.of("target", "npm");
    private static final List<String> MANIFESTS = List.of("package.json", "package-lock.json");

    private static Path installed;

    private NpmPackages() {}

    /** The folder holding {@code node_modules}, installed if it is not yet; scripts run with it as their directory. */
    public static synchronized Path install() {
        if (installed != null) {
            return installed;
        }
        requireOnPath("node");
        requireOnPath("npm");
        try {
            Files.createDirectories(INSTALLED);
            boolean changed = false;
            for (String manifest : MANIFESTS) {
                Path target = INSTALLED.resolve(manifest);
                byte[] pinned = Files.readAllBytes(PINNED.resolve(manifest));
                if (!Files.exists(target) || !Arrays.equals(pinned, Files.readAllBytes(target))) {
                    Files.copy(PINNED.resolve(manifest), target, StandardCopyOption.REPLACE_EXISTING);
                    changed = true;
                }
            }
            if (changed || !Files.isDirectory(INSTALLED.resolve("node_modules"))) {
                run(INSTALLED, "npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts");
            }
            installed = INSTALLED.toAbsolutePath();
            return installed;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A package's own folder under {@code node_modules}, for serving its built files. */
    public static Path packageFolder(String name) {
        return install().resolve("node_modules").resolve(name);
    }

    private static void requireOnPath(String command) {
        try {
            Process probe = new ProcessBuilder(command, "--version")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!probe.waitFor(30, TimeUnit.SECONDS) || probe.exitValue() != 0) {
                throw new IOException(command + " --version failed");
            }
        } catch (IOException e) {
            TestDatabases.unavailable(command + " (apt-get install nodejs npm)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void run(Path directory, String... command) throws IOException {
        Path log = Files.createTempFile("the-eye-npm", ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        String.join(" ", command) + " failed in " + directory + ":\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
