package io.theeye.queue.direct;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.queue.EventConsumers;
import io.theeye.queue.EventQueue;
import io.theeye.queue.QueueBackendBeans;
import io.theeye.queue.TestCodecs;
import io.theeye.support.ContextRunners;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

class DirectQueueConfigurationTests {

    private final WebApplicationContextRunner web = ContextRunners.webWithSettings()
            .withUserConfiguration(QueueBackendBeans.class, DirectQueueConfiguration.class);

    @Test
    void isTheQueueWhenNoneIsChosen() {
        web.run(context -> {
            assertThat(context).hasSingleBean(EventQueue.class).hasSingleBean(EventConsumers.class);
            assertThat(context.getBean(EventQueue.class)).isInstanceOf(DirectEventQueue.class);
        });
        web.withPropertyValues("the-eye.queue.type=direct")
                .run(context -> assertThat(context).hasSingleBean(DirectEventQueue.class));
    }

    @Test
    void isAbsentWhenABrokerIsChosenOrNoApiRuns() {
        web.withPropertyValues("the-eye.queue.type=redis", "the-eye.queue.signing-key=" + TestCodecs.KEY)
                .run(context -> assertThat(context).doesNotHaveBean(EventQueue.class));
        ContextRunners.withSettings()
                .withUserConfiguration(QueueBackendBeans.class, DirectQueueConfiguration.class)
                .run(context -> assertThat(context).doesNotHaveBean(EventQueue.class));
    }

    @Test
    void stopsTheStartNamingThePropertyWhenTheQueueIsNoneOfTheBackends() {
        // Only the backend's own configuration: the choice itself must fail, not some bean that needs a queue.
        ContextRunners.webWithSettings()
                .withUserConfiguration(DirectQueueConfiguration.class)
                .withPropertyValues("the-eye.queue.type=rabbitmq")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .hasStackTraceContaining("Failed to bind properties under 'the-eye.queue.type'");
                });
    }
}
