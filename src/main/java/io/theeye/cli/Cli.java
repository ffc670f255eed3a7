package io.theeye.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
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
        return commandLine(new ContextLauncher(), System::getenv, args.length == 0 ? null : args[0])
                .execute(args);
    }

    /** The commands, which read environment variables through {@code environment} (tests pass their own). */
    static CommandLine commandLine(ContextLauncher launcher, Function<String, String> environment) {
        return commandLine(launcher, environment, null);
    }

    /**
     * The commands, or only the one named {@code first} when a command has that name. picocli reads a command's
     * annotations, options and subcommands as it is added, which for every command is a good part of a short
     * command's start; a command line that starts with a command's name runs only that command. Anything else (no
     * command, an option such as --help, the help command, a misspelt name) gets them all, for the usage and the
     * suggestions it prints.
     */
    static CommandLine commandLine(ContextLauncher launcher, Function<String, String> environment, String first) {
        // The tools' Tool mixin is made here, with the launcher; picocli makes the rest.
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == Tool.class
                        ? type.cast(new Tool(launcher))
                        : CommandLine.defaultFactory().create(type);
            }
        };
        // Each command: its class (whose @Command names it) and how it is made; null: by the factory.
        Map<Class<?>, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put(ServeCommand.class, () -> new ServeCommand(launcher));
        commands.put(WorkerCommand.class, () -> new WorkerCommand(launcher));
        commands.put(ExporterCommand.class, () -> new ExporterCommand(launcher));
        commands.put(ExportCommand.class, null);
        commands.put(MigrateCommand.class, null);
        commands.put(CreateSuperuserCommand.class, null);
        commands.put(ClientsCommand.class, null);
        commands.put(KeysCommand.class, null);
        commands.put(SchemasCommand.class, null);
        commands.put(RejectedCommand.class, null);
        commands.put(EventsCommand.class, null);
        commands.put(SuppressionsCommand.class, null);
        commands.put(RetentionCommand.class, null);
        commands.put(WorkersCommand.class, null);
        commands.put(TokenCommand.class, () -> new TokenCommand(environment));
        boolean one = commands.keySet().stream().anyMatch(type -> name(type).equals(first));
        CommandLine cli = new CommandLine(new Cli(), factory);
        commands.forEach((type, make) -> {
            if (!one || name(type).equals(first)) {
                cli.addSubcommand(make == null ? type : make.get());
            }
        });
        return cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("the-eye: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            err.flush();
            return 1;
        });
    }

    private static String name(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Cli.class.getPackage().getImplementationVersion();
            return new String[] {"the-eye " + (version == null ? "(development)" : version)};
        }
    }
}
