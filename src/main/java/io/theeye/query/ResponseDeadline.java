package io.theeye.query;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Cuts off a reader too slow to take its answer, so that it cannot hold a connection, a thread and (for an export) a
 * database connection for as long as it likes: a page or a single read must be written within the write timeout from
 * its first byte, an export within the export timeout from its start. Past the deadline, the next write fails and the
 * connection is dropped without the answer's end, so the client cannot take a cut answer for a whole one.
 */
final class ResponseDeadline extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ResponseDeadline.class);

    private final Duration writeTimeout;
    private final Duration exportTimeout;

    ResponseDeadline(Duration writeTimeout, Duration exportTimeout) {
        this.writeTimeout = writeTimeout;
        this.exportTimeout = exportTimeout;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean export = request.getRequestURI().endsWith(ReadEndpoint.EXPORT.path());
        Deadline deadline =
                export ? Deadline.from(System.nanoTime(), exportTimeout) : Deadline.fromFirstWrite(writeTimeout);
        try {
            chain.doFilter(request, new Wrapper(response, deadline));
        } catch (IOException | ServletException | RuntimeException e) {
            if (!deadline.passed) {
                throw e;
            }
        }
        if (deadline.passed) {
            log.info(
                    "Cut off {} {}: its reader took longer than {} to take the answer",
                    request.getMethod(),
                    request.getRequestURI(),
                    export ? exportTimeout : writeTimeout);
            // The answer has begun, and Spring MVC may have handled the failed write as an error of its own: thrown on
            // to the container, which drops the connection of a committed answer that ends in an error.
            throw new ResponseDeadlineException();
        }
    }

    /** Thrown when an answer was not taken in time. */
    static final class ResponseDeadlineException extends IOException {

        ResponseDeadlineException() {
            super("the reader did not take the answer in time");
        }
    }

    private static final class Deadline {

        private final Duration timeout;
        private long endsAt;
        private boolean started;
        private volatile boolean passed;

        private Deadline(Duration timeout) {
            this.timeout = timeout;
        }

        static Deadline from(long start, Duration timeout) {
            Deadline deadline = new Deadline(timeout);
            deadline.start(start);
            return deadline;
        }

        static Deadline fromFirstWrite(Duration timeout) {
            return new Deadline(timeout);
        }

        private void start(long now) {
            endsAt = now + timeout.toNanos();
            started = true;
        }

        void check() throws IOException {
            long now = System.nanoTime();
            if (!started) {
                start(now);
            } else if (now - endsAt > 0) {
                passed = true;
                throw new IOException("the answer was not taken within " + timeout);
            }
        }
    }

    private static final class Wrapper extends HttpServletResponseWrapper {

        private final Deadline deadline;
        private ServletOutputStream out;

        Wrapper(HttpServletResponse response, Deadline deadline) {
            super(response);
            this.deadline = deadline;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (out == null) {
                out = new Guarded(super.getOutputStream(), deadline);
            }
            return out;
        }
    }

    private static final class Guarded extends ServletOutputStream {

        private final ServletOutputStream out;
        private final Deadline deadline;

        Guarded(ServletOutputStream out, Deadline deadline) {
            this.out = out;
            this.deadline = deadline;
        }

        @Override
        public void write(int b) throws IOException {
            deadline.check();
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            deadline.check();
            out.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            deadline.check();
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }
}
