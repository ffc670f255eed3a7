package io.theeye.support;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A Redis server of a test's own, on a free port, for tests that stop and start it (never the machine's): Debian's
 * {@code redis-server}, keeping nothing on disk. Skipped with the reason when it is not installed, unless
 * {@code THE_EYE_REQUIRE_SERVICES=true}.
 */
public final class RedisServerProcess implements AutoCloseable {

    private final int port;
    private final Path folder;
    private Process process;

    private RedisServerProcess(int port, Path folder) {
        this.port = port;
        this.folder = folder;
    }

    /** A new server on a free port, once it answers PING. */
    public static RedisServerProcess start() {
        try {
            RedisServerProcess server = new RedisServerProcess(freePort(), Files.createTempDirectory("the-eye-redis"));
            server.restart();
            return server;
        } catch (IOException e) {
            TestDatabases.unavailable("redis-server (apt-get install redis-server)", e);
            throw new UncheckedIOException(e);
        }
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

    /** Starts the server again on the same port, empty; returns once it answers PING. */
    public void restart() throws IOException {
        kill();
        process = new ProcessBuilder(
                        "redis-server",
                        "--port",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        folder.toString())
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("redis.log").toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        RedisClient client = RedisClient.create(RedisURI.create(url()));
        try {
            while (true) {
                try (StatefulRedisConnection<String, String> connection = client.connect()) {
                    connection.sync().ping();
                    return;
                } catch (RuntimeException e) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        throw new IllegalStateException("redis-server did not start: see " + folder, e);
                    }
                    Thread.sleep(50);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            client.shutdown();
        }
    }

    @Override
    public void close() {
        kill();
    }
}
