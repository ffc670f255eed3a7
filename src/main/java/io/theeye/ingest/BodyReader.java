package io.theeye.ingest;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads a request's body as it arrives, without holding a thread while the client is slow to send it (the Servlet
 * API's non-blocking input), and up to a bound. Exactly one of the callbacks is called, once.
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
    private final Receiver receiver;
    private byte[] buffer;
    private int length;
    private boolean done;

    /**
     * @param declared the body's declared length, or -1 when it is sent chunked
     */
    private BodyReader(ServletInputStream in, long declared, long max, Receiver receiver) {
        this.in = in;
        this.max = max;
        this.receiver = receiver;
        // A slow upload holds only what it has sent: the buffer grows as the body arrives.
        this.buffer = new byte[(int) Math.min(declared >= 0 ? declared : FIRST_BUFFER, FIRST_BUFFER)];
    }

    /** Starts reading; the receiver is called from the container's threads as the body arrives. */
    static void read(ServletInputStream in, long declared, long max, Receiver receiver) {
        in.setReadListener(new BodyReader(in, declared, max, receiver));
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
        receiver.received(length == buffer.length ? buffer : Arrays.copyOf(buffer, length));
    }

    @Override
    public void onError(Throwable cause) {
        if (!done) {
            done = true;
            receiver.failed(cause);
        }
    }
}
