package io.theeye.cli;

import io.theeye.TheEyeApplication;
import java.util.Arrays;
import java.util.stream.Stream;
import org.springframework.boot.Banner;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the application: whole for {@code serve}; the queue's consumers and the workers for {@code worker}; the
 * exporter for {@code exporter}; without
 * web server, queue or token checks for the tools, which need only the database (migrated to the current schema on
 * start, like {@code serve}).
 */
class ContextLauncher {

    static final String TOOL_PROFILE = "cli";

    private final String[] defaultArgs;

    ContextLauncher(String... defaultArgs) {
        this.defaultArgs = defaultArgs.clone();
    }

    ConfigurableApplicationContext serve(String... args) {
        return new SpringApplicationBuilder(TheEyeApplication.class).run(with(args));
    }

    /** A command's context: the database only, no web server, no queue client, no workers. */
    ConfigurableApplicationContext tool() {
        return new SpringApplicationBuilder(TheEyeApplication.class)
                .web(WebApplicationType.NONE)
                .profiles(TOOL_PROFILE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                // A command uses a bean or two: making only those starts it faster. The migrations still run first.
                .lazyInitialization(true)
                .initializers(context -> context.getBeanFactory()
                        .registerSingleton(
                                "migrateOnStart",
                                LazyInitializationExcludeFilter.forBeanTypes(FlywayMigrationInitializer.class)))
                .run(with("--the-eye.worker.enabled=false"));
    }

    /** A worker's context: the queue's consumers and the workers, no web server. */
    ConfigurableApplicationContext worker(String... args) {
        return new SpringApplicationBuilder(TheEyeApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .run(with(Stream.concat(Arrays.stream(args), Stream.of("--the-eye.worker.enabled=true"))
                        .toArray(String[]::new)));
    }

    /** The exporter's context: the database and the exporter, no web server, no queue's consumers, no workers. */
    ConfigurableApplicationContext exporter(String... args) {
        return new SpringApplicationBuilder(TheEyeApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .run(with(Stream.concat(
                                Arrays.stream(args),
                                Stream.of("--the-eye.worker.enabled=false", "--the-eye.exporter.enabled=true"))
                        .toArray(String[]::new)));
    }

    private String[] with(String... args) {
        return Stream.concat(Arrays.stream(defaultArgs), Arrays.stream(args)).toArray(String[]::new);
    }
}
