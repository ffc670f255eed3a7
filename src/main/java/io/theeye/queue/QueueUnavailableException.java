package io.theeye.queue;

/** The queue could not take or keep a batch; the client should retry later. */
public class QueueUnavailableException extends RuntimeException {

    public QueueUnavailableException(String message) {
        super(message);
    }

    public QueueUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
