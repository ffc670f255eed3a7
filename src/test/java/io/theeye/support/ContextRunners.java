package io.theeye.support;

import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * Context runners that read application.properties as the application does: the settings' defaults are written there
 * alone (the properties records carry none), so a test of a few beans takes them from the same place.
 */
public final class ContextRunners {

    private ContextRunners() {}

    /** A context without a web server, with the settings of application.properties. */
    public static ApplicationContextRunner withSettings() {
        return new ApplicationContextRunner().withInitializer(new ConfigDataApplicationContextInitializer());
    }

    /** A web application's context, with the settings of application.properties. */
    public static WebApplicationContextRunner webWithSettings() {
        return new WebApplicationContextRunner().withInitializer(new ConfigDataApplicationContextInitializer());
    }
}
