package io.theeye.queue;

import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Binds {@code the-eye.queue.type} as the typed property binds it: a wrong value fails here, with Spring Boot's
 * report of the property, its value and the accepted ones, rather than later as a missing queue.
 */
class OnQueueCondition extends SpringBootCondition {

    static final String PROPERTY = "the-eye.queue.type";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnQueue.class.getName());
        QueueType wanted = (QueueType) attributes.get("value");
        // Its default is in application.properties, with the others: no queue at all without it.
        return Binder.get(context.getEnvironment())
                .bind(PROPERTY, QueueType.class)
                .map(chosen -> chosen == wanted
                        ? ConditionOutcome.match(PROPERTY + " is " + chosen)
                        : ConditionOutcome.noMatch(PROPERTY + " is " + chosen + ", not " + wanted))
                .orElseGet(() -> ConditionOutcome.noMatch(PROPERTY + " is not set"));
    }
}
