package io.theeye.queue.redis;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.lettuce.core.RedisConnectionException;
import io.theeye.queue.QueueProperties;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connecting to a Redis that never answers gives up within the timeouts instead of waiting for ever. Needs no Redis. */
class RedisStreamsTests {

    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private ServerSocket silent;

    @AfterEach
    void close() throws IOException {
        for (Socket socket : accepted) {
            socket.close();
        }
        silent.close();
    }

    @Test
    void givesUpOnAServerThatAcceptsButNeverAnswers() throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            try {
                while (!silent.isClosed()) {
                    accepted.add(silent.accept());
                }
            } catch (IOException e) {
                // closed by the test
            }
        });
        RedisStreams streams = new RedisStreams(
                new QueueProperties.Redis(
                        URI.create("redis://127.0.0.1:" + silent.getLocalPort()),
                        "the-eye-test:silent",
                        "workers",
                        Duration.ofSeconds(30),
                        100,
                        false,
                        0),
                Duration.ofMillis(300));

        assertThatExceptionOfType(RedisConnectionException.class).isThrownBy(streams::connect);
    }
}
