package io.theeye.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A client that sends a request's head at once and its body only when told: what a slow upload looks like to the
 * server, which is by then inside the handler waiting for the body. The body is sent chunked, so it need not be
 * known when the head goes out.
 */
public final class SlowRequest implements AutoCloseable {

    private final Socket socket;
    private final byte[] rest;

    private SlowRequest(Socket socket) {
        this(socket, new byte[0]);
    }

    private SlowRequest(Socket socket, byte[] rest) {
        this.socket = socket;
        this.rest = rest;
    }

    /**
     * Sends the head of {@code POST /events} with the body's length, and only the first {@code sentNow} bytes of the
     * body: the upload the attack holds open.
     */
    public static SlowRequest postEvents(int port, String token, String body, int sentNow) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try {
            Socket socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(60_000);
            String head = "POST /events HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\n"
                    + "Authorization: Bearer " + token + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Content-Length: " + bytes.length + "\r\n"
                    + "Connection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(bytes, 0, sentNow);
            out.flush();
            return new SlowRequest(socket, Arrays.copyOfRange(bytes, sentNow, bytes.length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends the rest of a body begun by {@link #postEvents(int, String, String, int)} and returns the status, or -1 when
     * the server had already answered and closed the connection so that its answer was lost.
     */
    public int finish() {
        try {
            socket.getOutputStream().write(rest);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            // answered and closed already: what it said may still be read
        }
        String response = response();
        return response.length() < 12 ? -1 : status(response);
    }

    /** Everything the server sends until it closes the connection (or resets it): status line, headers and body. */
    public String response() {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            InputStream in = socket.getInputStream();
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                received.write(buffer, 0, read);
            }
        } catch (IOException e) {
            // reset by the server: what arrived before is the answer
        }
        return received.toString(StandardCharsets.UTF_8);
    }

    /** The status code of a response read by {@link #response()}. */
    public static int status(String response) {
        // "HTTP/1.1 202 ..."
        return Integer.parseInt(response.substring(9, 12));
    }

    /** Sends the head of {@code POST /events} with the token, and no body yet. */
    public static SlowRequest postEvents(int port, String token) {
        try {
            Socket socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(60_000);
            String head = "POST /events HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\n"
                    + "Authorization: Bearer " + token + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n"
                    + "Connection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new SlowRequest(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends the body and returns the response's status code. */
    public int finish(String body) {
        try {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return status(response());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a test's socket: nothing to do
        }
    }
}
