package io.theeye.ingest;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads a request's body as it arrives, without holding a thread while the client is slow to send it (the Servlet
 * API's non-blocking input), and up to a bound. What the container holds already may be read first, on the request's
 * thread ({@link #readArrived}); the rest, if any, as it arrives ({@link #readRest}), when exactly one of the callbacks
 * is called, once.
 */
final class BodyReader implements ReadListener {

    /** What becomes of the body. */
    interface Receiver {

        void received(byte[] body);

        void tooLarge();

        void failed(Throwable cause);
    }

    private static final int FIRST_BUFFER = 16 * 1024;

    private final ServletInputStream in;
    private final long max;
    private final long declared;
    private Receiver receiver;
    private byte[] buffer;
    private int length;
    private boolean done;

    /**
     * @param declared the body's declared length, or -1 when it is sent chunked
     */
    BodyReader(ServletInputStream in, long declared, long max) {
        this.in = in;
        this.declared = declared;
        this.max = max;
        // A slow upload holds only what it has sent: the buffer grows as the body arrives.
        this.buffer = new byte[(int) Math.min(declared >= 0 ? declared : FIRST_BUFFER, FIRST_BUFFER)];
    }

    /**
     * Reads, without blocking, what of a body of declared length the container has received already (a small body
     * comes in the same packets as its request's head). Call it before the request goes asynchronous, at most once.
     *
     * @return whether that was the whole body: then {@link #body()} is it; else {@link #readRest} reads on
     */
    boolean readArrived() throws IOException {
        if (declared < 0) {
            // Chunked: its end is known only once read, which may block.
            return false;
        }
        // available() counts what the container holds, and reading no more than that never waits for the client.
        while (length < declared && in.available() > 0) {
            if (length == buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(2L * length, declared));
            }
            int read = in.read(buffer, length, buffer.length - length);
            if (read < 0) {
                return false;
            }
            length += read;
        }
        return length == declared;
    }

    /** The body {@link #readArrived} read whole. */
    byte[] body() {
        return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
    }

    /**
     * Reads the rest of the body (all of it, if nothing was read before) as it arrives, the request being asynchronous;
     * the receiver is called from the container's threads.
     */
    void readRest(Receiver receiver) {
        this.receiver = receiver;
        in.setReadListener(this);
    }

    @Override
    public void onDataAvailable() throws IOException {
        while (!done && in.isReady()) {
            if (length == buffer.length) {
                if (length > max) {
                    done = true;
                    receiver.tooLarge();
                    return;
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min(Math.max(2L * length, 1), max + 1));
            }
            int read = in.read(buffer, length, buffer.length - length);
            if (read < 0) {
                return;
            }
            length += read;
        }
    }

    @Override
    public void onAllDataRead() {
        if (done) {
            return;
        }
        done = true;
        if (length > max) {
            receiver.tooLarge();
            return;
        }
        receiver.received(body());
    }

    @Override
    public void onError(Throwable cause) {
        if (!done) {
            done = true;
            receiver.failed(cause);
        }
    }
}
