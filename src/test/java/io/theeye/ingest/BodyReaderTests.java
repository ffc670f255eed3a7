package io.theeye.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reading a body: what has arrived on the request's thread, the rest as it comes. */
class BodyReaderTests {

    private static final byte[] BODY =
            "{\"session_id\": \"s\", \"category\": \"c\", \"name\": \"n\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void readsABodyThatArrivedWithItsHeadWithoutGoingAsynchronous() throws IOException {
        Arriving in = new Arriving(BODY, BODY.length);
        BodyReader reader = new BodyReader(in, BODY.length, 1024);

        assertThat(reader.readArrived()).isTrue();
        assertThat(reader.body()).isEqualTo(BODY);
        assertThat(in.listener).isNull();
    }

    @Test
    void readsTheRestOfABodyAsItArrivesAfterWhatHadArrivedAlready() throws IOException {
        Arriving in = new Arriving(BODY, 10);
        BodyReader reader = new BodyReader(in, BODY.length, 1024);
        assertThat(reader.readArrived()).isFalse();
        byte[][] received = {null};

        reader.readRest(receiver(received));
        in.arrive(BODY.length);

        assertThat(received[0]).isEqualTo(BODY);
    }

    @Test
    void takesAnEmptyBodyAsArrived() throws IOException {
        BodyReader reader = new BodyReader(new Arriving(new byte[0], 0), 0, 1024);

        assertThat(reader.readArrived()).isTrue();
        assertThat(reader.body()).isEmpty();
    }

    @Test
    void leavesAChunkedBodyToTheAsynchronousRead() throws IOException {
        Arriving in = new Arriving(BODY, BODY.length);
        BodyReader reader = new BodyReader(in, -1, 1024);
        assertThat(reader.readArrived()).isFalse();
        byte[][] received = {null};

        reader.readRest(receiver(received));
        in.arrive(BODY.length);

        assertThat(received[0]).isEqualTo(BODY);
    }

    private static BodyReader.Receiver receiver(byte[][] received) {
        return new BodyReader.Receiver() {
            @Override
            public void received(byte[] body) {
                received[0] = body;
            }

            @Override
            public void tooLarge() {
                throw new AssertionError("too large");
            }

            @Override
            public void failed(Throwable cause) {
                throw new AssertionError(cause);
            }
        };
    }

    /**
     * A body of which only so many bytes have reached the server; reading past them would block, which the test would
     * show as a failure rather than a hang.
     */
    private static final class Arriving extends ServletInputStream {

        private final byte[] body;
        private int arrived;
        private int position;
        private ReadListener listener;

        Arriving(byte[] body, int arrived) {
            this.body = body;
            this.arrived = arrived;
        }

        /** More of the body reaches the server: the listener reads it, and is told when all is in. */
        void arrive(int upTo) throws IOException {
            arrived = upTo;
            listener.onDataAvailable();
            if (isFinished()) {
                listener.onAllDataRead();
            }
        }

        @Override
        public int available() {
            return arrived - position;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (position == body.length) {
                return -1;
            }
            if (position == arrived) {
                throw new AssertionError("a read would have blocked");
            }
            int read = Math.min(length, arrived - position);
            System.arraycopy(body, position, into, offset, read);
            position += read;
            return read;
        }

        @Override
        public boolean isFinished() {
            return position == body.length;
        }

        @Override
        public boolean isReady() {
            return position < arrived;
        }

        @Override
        public void setReadListener(ReadListener readListener) {
            listener = readListener;
        }
    }
}
