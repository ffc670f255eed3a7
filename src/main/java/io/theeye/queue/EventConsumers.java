package io.theeye.queue;

/** Opens consumers of one backend, one for each worker thread. */
public interface EventConsumers {

    /** A new consumer; {@code name} tells it from the process's other workers (a Redis consumer name, say). */
    EventConsumer open(String name);

    /** Workers to run when the worker settings leave it to the backend. */
    int suggestedConcurrency();
}
