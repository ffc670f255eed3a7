package io.theeye.cli;

import java.util.concurrent.Callable;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "migrate", description = "Apply database migrations, then exit.", mixinStandardHelpOptions = true)
class MigrateCommand implements Callable<Integer> {

    @Mixin
    private Tool tool;

    @Override
    public Integer call() {
        // Starting the context migrates (Flyway runs on start); what is left is to say where the schema stands.
        MigrationInfo current = tool.with(Flyway.class, flyway -> flyway.info().current());
        return tool.done("Database schema is at version "
                + (current == null ? "(none)" : current.getVersion() + " (" + current.getDescription() + ")"));
    }
}
