package io.theeye.cli;

import io.theeye.TheEyeApplication;
import java.util.Arrays;
import java.util.stream.Stream;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the application: whole for {@code serve}; without web server, queue or token checks for the tools, which
 * need only the database (migrated to the current schema on start, like {@code serve}).
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

    ConfigurableApplicationContext tool() {
        return new SpringApplicationBuilder(TheEyeApplication.class)
                .web(WebApplicationType.NONE)
                .profiles(TOOL_PROFILE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .run(defaultArgs);
    }

    private String[] with(String... args) {
        return Stream.concat(Arrays.stream(defaultArgs), Arrays.stream(args)).toArray(String[]::new);
    }
}
