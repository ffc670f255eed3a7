package io.theeye.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** THE_EYE_API_DOCS is true or false: what springdoc would take for "on" while meaning "off" stops the start. */
class ApiDocsPropertiesTests {

    /** Not a {@code @Configuration}: the application's component scan must not find it. */
    @EnableConfigurationProperties(ApiDocsProperties.class)
    static class Settings {}

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withUserConfiguration(Settings.class);

    @Test
    void takesTrueOrFalseInAnyCase() {
        for (String value : new String[] {"true", "false", "FALSE", "True"}) {
            runner.withPropertyValues("the-eye.api-docs.enabled=" + value)
                    .run(context -> assertThat(context).as(value).hasNotFailed());
        }
    }

    @Test
    void failsToStartNamingThePropertyForAnyOtherValue() {
        for (String value : new String[] {"no", "off", "0", "yes"}) {
            runner.withPropertyValues("the-eye.api-docs.enabled=" + value).run(context -> {
                assertThat(context).as(value).hasFailed();
                assertThat(context.getStartupFailure())
                        .hasStackTraceContaining("the-eye.api-docs.enabled")
                        .hasStackTraceContaining("must be true or false");
            });
        }
    }
}
