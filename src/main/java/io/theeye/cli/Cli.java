package io.theeye.cli;

import java.io.PrintWriter;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code the-eye} command: the server and the administrator's tools, in one jar. */
@Command(
        name = "the-eye",
        mixinStandardHelpOptions = true,
        versionProvider = Cli.Version.class,
        description = "Collects analytics events from your applications.",
        subcommands = CommandLine.HelpCommand.class)
public final class Cli {

    private Cli() {}

    /** Runs the command the arguments name; returns its exit code. */
    public static int run(String... args) {
        return commandLine(new ContextLauncher(), System::getenv).execute(args);
    }

    /** The commands, which read environment variables through {@code environment} (tests pass their own). */
    static CommandLine commandLine(ContextLauncher launcher, Function<String, String> environment) {
        CommandLine clients = new CommandLine(new ClientsCommand())
                .addSubcommand(new ClientsCommand.Create(launcher))
                .addSubcommand(new ClientsCommand.ListClients(launcher))
                .addSubcommand(new ClientsCommand.Rotate(launcher))
                .addSubcommand(new ClientsCommand.Revoke(launcher))
                .addSubcommand(new ClientsCommand.Reactivate(launcher))
                .addSubcommand(new ClientsCommand.Limit(launcher));
        CommandLine schemas = new CommandLine(new SchemasCommand())
                .addSubcommand(new SchemasCommand.Put(launcher))
                .addSubcommand(new SchemasCommand.ListSchemas(launcher))
                .addSubcommand(new SchemasCommand.Show(launcher))
                .addSubcommand(new SchemasCommand.History(launcher))
                .addSubcommand(new SchemasCommand.Delete(launcher));
        CommandLine keys = new CommandLine(new KeysCommand())
                .addSubcommand(new KeysCommand.Create(launcher))
                .addSubcommand(new KeysCommand.ListKeys(launcher))
                .addSubcommand(new KeysCommand.Limit(launcher))
                .addSubcommand(new KeysCommand.Revoke(launcher));
        CommandLine workers =
                new CommandLine(new WorkersCommand()).addSubcommand(new WorkersCommand.ListWorkers(launcher));
        CommandLine rejected =
                new CommandLine(new RejectedCommand()).addSubcommand(new RejectedCommand.Replay(launcher));
        return new CommandLine(new Cli())
                .addSubcommand(new ServeCommand(launcher))
                .addSubcommand(new WorkerCommand(launcher))
                .addSubcommand(new ExporterCommand(launcher))
                .addSubcommand(new MigrateCommand(launcher))
                .addSubcommand(new CreateSuperuserCommand(launcher))
                .addSubcommand(clients)
                .addSubcommand(keys)
                .addSubcommand(schemas)
                .addSubcommand(rejected)
                .addSubcommand(workers)
                .addSubcommand(new TokenCommand(environment))
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    PrintWriter err = commandLine.getErr();
                    err.println("the-eye: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                    err.flush();
                    return 1;
                });
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Cli.class.getPackage().getImplementationVersion();
            return new String[] {"the-eye " + (version == null ? "(development)" : version)};
        }
    }
}
