package io.theeye.cli;

import java.util.concurrent.Callable;
import org.flywaydb.core.Flyway;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "migrate", description = "Apply database migrations, then exit.", mixinStandardHelpOptions = true)
class MigrateCommand implements Callable<Integer> {

    private final ContextLauncher launcher;

    @Spec
    private CommandSpec spec;

    MigrateCommand(ContextLauncher launcher) {
        this.launcher = launcher;
    }

    @Override
    public Integer call() {
        // Starting the context migrates (Flyway runs on start); what is left is to say where the schema stands.
        try (ConfigurableApplicationContext context = launcher.tool()) {
            var current = context.getBean(Flyway.class).info().current();
            spec.commandLine()
                    .getOut()
                    .println("Database schema is at version "
                            + (current == null
                                    ? "(none)"
                                    : current.getVersion() + " (" + current.getDescription() + ")"));
            return 0;
        }
    }
}
