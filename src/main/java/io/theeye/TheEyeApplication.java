package io.theeye;

import io.theeye.cli.Cli;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Eye: collects analytics events from an organisation's applications. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TheEyeApplication {

    public static void main(String[] args) {
        System.exit(Cli.run(args));
    }
}
