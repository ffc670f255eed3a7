package io.theeye.queue;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/**
 * Matches when {@code the-eye.queue.type} ({@code THE_EYE_QUEUE}) names this backend (application.properties sets it, {@code direct} by default). A
 * value that names no backend stops the start, naming the property, before anything that needs a queue is made.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@Conditional(OnQueueCondition.class)
public @interface ConditionalOnQueue {

    QueueType value();
}
