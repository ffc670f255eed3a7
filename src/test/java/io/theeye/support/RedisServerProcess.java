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
 * up a particular way (its persistence, a replica) or that stop it: never the machine's shared Redis. Needs
 * {@code redis-server} on the PATH; without it the test is skipped with the reason, unless
 * {@code THE_EYE_REQUIRE_SERVICES=true}.
 */
public final class RedisServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path folder;

    private RedisServerProcess(Process process, int port, Path folder) {
        this.process = process;
        this.port = port;
        this.folder = folder;
    }

    /**
     * Starts {@code redis-server} with these options ({@code "--appendonly", "yes"} ...) after the test's own (port,
     * folder, no snapshots), and waits until it answers a PING.
     */
    public static RedisServerProcess start(String... options) {
        Path folder;
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
            folder = Files.createTempDirectory("the-eye-redis-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
                "--logfile",
                folder.resolve("redis.log").toString()));
        command.addAll(List.of(options));
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(folder.resolve("redis.out").toFile())
                    .start();
        } catch (IOException e) {
            TestDatabases.unavailable("redis-server (to start a Redis of the test's own)", e);
            throw new IllegalStateException("unreachable");
        }
        RedisServerProcess server = new RedisServerProcess(process, port, folder);
        try {
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("redis-server exited with " + process.exitValue() + ": "
                                    + Files.readString(folder.resolve("redis.out")));
                        }
                        try {
                            return "PONG".equals(server.call(c -> c.sync().ping()));
                        } catch (RuntimeException e) {
                            return false;
                        }
                    });
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
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

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A folder left in the temporary directory costs nothing to fail for.
        }
    }
}
