package io.theeye.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.support.ContextRunners;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code THE_EYE_QUEUE} is a typed choice: a value that names no backend stops the start, saying which setting. */
class QueueSelectionTests {

    /** Not a {@code @Configuration}: the application's component scan must not find it. */
    @EnableConfigurationProperties(QueueProperties.class)
    static class Settings {}

    private final ApplicationContextRunner runner =
            ContextRunners.withSettings().withUserConfiguration(Settings.class);

    @Test
    void failsToStartNamingThePropertyWhenTheQueueIsNoneOfTheBackends() {
        runner.withPropertyValues("the-eye.queue.type=rabbitmq").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("Failed to bind properties under 'the-eye.queue.type'")
                    .hasStackTraceContaining("rabbitmq");
        });
    }

    @Test
    void readsEachBackendWhateverItsCase() {
        runner.withPropertyValues("the-eye.queue.type=Kafka", "the-eye.queue.signing-key=" + TestCodecs.KEY)
                .run(context -> assertThat(
                                context.getBean(QueueProperties.class).type())
                        .isEqualTo(QueueType.KAFKA));
        runner.run(context ->
                assertThat(context.getBean(QueueProperties.class).type()).isEqualTo(QueueType.DIRECT));
    }
}
