package io.theeye;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Eye: collects analytics events from an organisation's applications. The jar starts at {@code cli.Main}, which
 * runs this application for the commands that need it.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TheEyeApplication {}
