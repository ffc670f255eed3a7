package io.theeye.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.schema.SchemaProperties;
import io.theeye.support.ContextRunners;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The intervals of tasks run on a fixed delay (reloading clients, writing their last use, looking for changed
 * schemas) cannot be 0: such a value stops the start naming the setting, rather than failing deep in a scheduler.
 */
class RefreshIntervalTests {

    /** Not a {@code @Configuration}: the application's component scan must not find it. */
    @EnableConfigurationProperties({AuthProperties.class, SchemaProperties.class})
    static class Settings {}

    private final ApplicationContextRunner runner =
            ContextRunners.withSettings().withUserConfiguration(Settings.class);

    @Test
    void refusesAnIntervalOfZeroNamingTheSetting() {
        for (String property : new String[] {
            "the-eye.auth.client-refresh-interval",
            "the-eye.auth.last-used-write-interval",
            "the-eye.schemas.refresh-interval"
        }) {
            for (String value : new String[] {"0s", "0ms", "-1s"}) {
                runner.withPropertyValues(property + "=" + value).run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .hasStackTraceContaining(property.substring(0, property.lastIndexOf('.')))
                            .hasStackTraceContaining(property.substring(property.lastIndexOf('.') + 1))
                            .hasStackTraceContaining("must be at least 1ms");
                });
            }
        }
    }

    @Test
    void takesAnIntervalOfAMillisecondOrMore() {
        runner.withPropertyValues(
                        "the-eye.auth.client-refresh-interval=1ms",
                        "the-eye.auth.last-used-write-interval=2s",
                        "the-eye.schemas.refresh-interval=250ms")
                .run(context -> {
                    assertThat(context.getBean(AuthProperties.class).clientRefreshInterval())
                            .isEqualTo(Duration.ofMillis(1));
                    assertThat(context.getBean(SchemaProperties.class).refreshInterval())
                            .isEqualTo(Duration.ofMillis(250));
                });
    }
}
