package io.theeye.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code the-eye serve} in a process of its own, as a user runs it: for what only a real process shows (a kill, a
 * signal, the sockets it listens on). It runs on the tests' class path with the JVM that runs the tests.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)]");

    private final Process process;
    private final int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the server with these environment variables on a free port, and waits until it answers. */
    public static ServerProcess start(Map<String, String> environment, Path log) {
        return start(environment, log, "serve");
    }

    /**
     * Starts {@code the-eye ARGS...} with these environment variables, on a free port (THE_EYE_PORT); waits until it
     * answers when it is {@code serve} (a {@code worker} has no port: the caller waits for what it does).
     */
    public static ServerProcess start(Map<String, String> environment, Path log, String... args) {
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(CliProcess.command(List.of("-Xmx512m"), args))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("THE_EYE_PORT", Integer.toString(port));
        try {
            ServerProcess server = new ServerProcess(builder.start(), port);
            if (args[0].equals("serve")) {
                server.awaitReady();
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code the-eye worker} and waits until it says it has started: its consumers and workers run by then.
     */
    public static ServerProcess worker(Map<String, String> environment, Path log) {
        ServerProcess worker = start(environment, log, "worker");
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!worker.process.isAlive()) {
                        throw new IllegalStateException(
                                "the worker exited with " + worker.process.exitValue() + ": " + Files.readString(log));
                    }
                    return Files.exists(log) && Files.readString(log).contains("Started Main in ");
                });
        return worker;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .build();
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(
                                "the server exited with " + process.exitValue() + " before answering");
                    }
                    try {
                        return http.send(health, HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                == 200;
                    } catch (ConnectException e) {
                        return false;
                    }
                });
    }

    /** Whether a connection to the API port is refused: the server has stopped listening. */
    public boolean refusesConnections() {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed by the JVM. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** SIGTERM, as a service manager or Ctrl-C stops the server. Returns without waiting for the exit. */
    public void terminate() {
        process.destroy();
    }

    public int waitForExit() {
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("the server did not exit within 120 s");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The TCP ports the process listens on, read from Linux's /proc: its socket inodes matched against the
     * listening sockets of /proc/net/tcp and tcp6.
     */
    public Set<Integer> listeningPorts() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    Matcher m = SOCKET.matcher(Files.readSymbolicLink(fd).toString());
                    if (m.matches()) {
                        inodes.add(m.group(1));
                    }
                } catch (IOException e) {
                    // closed while listing
                }
            }
        }
        Set<Integer> ports = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                // f[1] local address:port in hex, f[3] state (0A = LISTEN), f[9] inode
                if (f[3].equals("0A") && inodes.contains(f[9])) {
                    ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            waitForExit();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
