package io.theeye.queue;

/**
 * The broker does not keep what it acknowledged through a crash (or could not be asked), and a setting requires it
 * to: the process refuses to start.
 */
public class BrokerNotDurableException extends IllegalStateException {

    private final String requiredBy;

    BrokerNotDurableException(String requiredBy, String message, Throwable cause) {
        super(message, cause);
        this.requiredBy = requiredBy;
    }

    /** The environment variable that requires a durable broker. */
    public String requiredBy() {
        return requiredBy;
    }
}
