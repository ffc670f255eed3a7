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
        // The tools' Tool mixin is made here, with the launcher; picocli makes the rest.
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == Tool.class
                        ? type.cast(new Tool(launcher))
                        : CommandLine.defaultFactory().create(type);
            }
        };
        return new CommandLine(new Cli(), factory)
                .addSubcommand(new ServeCommand(launcher))
                .addSubcommand(new WorkerCommand(launcher))
                .addSubcommand(new ExporterCommand(launcher))
                .addSubcommand(ExportCommand.class)
                .addSubcommand(MigrateCommand.class)
                .addSubcommand(CreateSuperuserCommand.class)
                .addSubcommand(ClientsCommand.class)
                .addSubcommand(KeysCommand.class)
                .addSubcommand(SchemasCommand.class)
                .addSubcommand(RejectedCommand.class)
                .addSubcommand(EventsCommand.class)
                .addSubcommand(SuppressionsCommand.class)
                .addSubcommand(RetentionCommand.class)
                .addSubcommand(WorkersCommand.class)
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
