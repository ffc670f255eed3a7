package io.theeye.support;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A {@code redis-server} of the test's own, on a free port with a folder of its own, for tests that need Redis set
 * up a particular way (its persistence, a replica) or that stop and start it: never the machine's shared Redis. It
 * keeps nothing on disk unless its options say so. Needs Debian's {@code redis-server}; without it the test is skipped
 * with the reason, unless {@code THE_EYE_REQUIRE_SERVICES=true}.
 */
public final class RedisServerProcess implements AutoCloseable {

    private final int port;
    private final Path folder;
    private final List<String> options;
    private Process process;

    private RedisServerProcess(int port, Path folder, List<String> options) {
        this.port = port;
        this.folder = folder;
        this.options = options;
    }

    /**
     * A new server on a free port, once it answers PING; {@code options} ({@code "--appendonly", "yes"} ...) come
     * after the test's own (port, folder, no snapshots, no append-only file).
     */
    public static RedisServerProcess start(String... options) {
        RedisServerProcess server;
        try {
            server = new RedisServerProcess(
                    freePort(), Files.createTempDirectory("the-eye-redis-"), List.of(options.clone()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            server.restart();
        } catch (IOException e) {
            server.close();
            TestDatabases.unavailable("redis-server (apt-get install redis-server)", e);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** A port nothing listens on, for a Redis that is not there. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Runs commands on a connection of its own. */
    public <T> T call(Function<StatefulRedisConnection<String, String>, T> commands) {
        RedisClient client = RedisClient.create(url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return commands.apply(connection);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** Kills the server at once, as a crash would. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /**
     * Starts the server again on the same port and folder, with the same options (empty, unless they keep an
     * append-only file); returns once it answers PING.
     */
    public void restart() throws IOException {
        kill();
        List<String> command = new ArrayList<>(List.of(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                folder.toString(),
                "--save",
                "",
                "--appendonly",
                "no"));
        command.addAll(options);
        Process started = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        folder.resolve("redis.log").toFile()))
                .start();
        process = started;
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!started.isAlive()) {
                        throw new IllegalStateException("redis-server exited with " + started.exitValue() + ": "
                                + Files.readString(folder.resolve("redis.log")));
                    }
                    try {
                        return "PONG".equals(call(c -> c.sync().ping()));
                    } catch (RuntimeException e) {
                        return false;
                    }
                });
    }

    @Override
    public void close() {
        kill();
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A folder left in the temporary directory costs nothing to fail for.
        }
    }
}
