package io.theeye.cli;

import io.theeye.event.FieldError;
import io.theeye.schema.InvalidSchemaException;
import io.theeye.schema.PayloadSchemas;
import io.theeye.store.SchemaStore.Version;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

@Command(
        name = "schemas",
        description = "Manage the payload schemas (JSON Schema, draft 2020-12) events are checked against, one per"
                + " category and name.",
        mixinStandardHelpOptions = true,
        synopsisSubcommandLabel = "(put | list | show | history | delete)")
class SchemasCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a subcommand: put, list, show, history or delete");
    }

    /** The event type a subcommand is about. */
    static class Type {

        @Option(names = "--category", required = true, description = "The events' category, exactly as they send it.")
        String category;

        @Option(names = "--name", required = true, description = "The events' name, exactly as they send it.")
        String name;
    }

    @Command(
            name = "put",
            description = "Register a schema for a category and name, or change it (each change is a new version)."
                    + " Running servers apply it within seconds.",
            mixinStandardHelpOptions = true)
    static class Put implements Callable<Integer> {

        private final ContextLauncher launcher;

        @Spec
        private CommandSpec spec;

        @picocli.CommandLine.Mixin
        private Type type = new Type();

        @Option(names = "--file", required = true, description = "The schema's JSON file, or - for standard input.")
        private String file;

        Put(ContextLauncher launcher) {
            this.launcher = launcher;
        }

        @Override
        public Integer call() throws IOException {
            String schema = file.equals("-")
                    ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file), StandardCharsets.UTF_8);
            PayloadSchemas.Saved saved;
            try (ConfigurableApplicationContext context = launcher.tool()) {
                saved = context.getBean(PayloadSchemas.class)
                        .save(ClientsCommand.actor(), type.category, type.name, schema);
            } catch (InvalidSchemaException e) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("the-eye: the schema is refused:");
                for (FieldError error : e.errors()) {
                    err.println("  " + error.field() + ": " + error.message());
                }
                return 1;
            }
            Version version = saved.version();
            spec.commandLine()
                    .getOut()
                    .println((saved.created() ? "Saved" : "Unchanged:") + " version " + version.version() + " of the"
                            + " schema of category '" + version.category() + "', name '" + version.name() + "'.");
            return 0;
        }
    }

    @Command(name = "list", description = "List the event types that have a schema.", mixinStandardHelpOptions = true)
    static class ListSchemas implements Callable<Integer> {

        private final ContextLauncher launcher;

        @Spec
        private CommandSpec spec;

        @Option(names = "--json", description = "Print a JSON array instead of a table.")
        private boolean json;

        ListSchemas(ContextLauncher launcher) {
            this.launcher = launcher;
        }

        @Override
        public Integer call() {
            List<Version> versions;
            try (ConfigurableApplicationContext context = launcher.tool()) {
                versions = context.getBean(PayloadSchemas.class).list();
            }
            printVersions(spec.commandLine().getOut(), versions, json);
            return 0;
        }
    }

    @Command(
            name = "history",
            description = "List every version of a type's schema, newest first, deletions included.",
            mixinStandardHelpOptions = true)
    static class History implements Callable<Integer> {

        private final ContextLauncher launcher;

        @Spec
        private CommandSpec spec;

        @picocli.CommandLine.Mixin
        private Type type = new Type();

        @Option(names = "--json", description = "Print a JSON array instead of a table.")
        private boolean json;

        History(ContextLauncher launcher) {
            this.launcher = launcher;
        }

        @Override
        public Integer call() {
            List<Version> versions;
            try (ConfigurableApplicationContext context = launcher.tool()) {
                versions = context.getBean(PayloadSchemas.class).history(type.category, type.name);
            }
            if (versions.isEmpty()) {
                spec.commandLine().getErr().println("No schema was ever registered for that category and name.");
                return 1;
            }
            printVersions(spec.commandLine().getOut(), versions, json);
            return 0;
        }
    }

    @Command(
            name = "show",
            description = "Print a type's schema as it was registered: the current version, or --version N.",
            mixinStandardHelpOptions = true)
    static class Show implements Callable<Integer> {

        private final ContextLauncher launcher;

        @Spec
        private CommandSpec spec;

        @picocli.CommandLine.Mixin
        private Type type = new Type();

        @Option(names = "--version", paramLabel = "N", description = "An earlier version (see schemas history).")
        private Integer version;

        Show(ContextLauncher launcher) {
            this.launcher = launcher;
        }

        @Override
        public Integer call() {
            Optional<Version> found;
            try (ConfigurableApplicationContext context = launcher.tool()) {
                PayloadSchemas schemas = context.getBean(PayloadSchemas.class);
                found = version == null
                        ? schemas.current(type.category, type.name)
                        : schemas.version(type.category, type.name, version);
            }
            if (found.isEmpty() || found.get().deleted()) {
                spec.commandLine()
                        .getErr()
                        .println(
                                found.isEmpty()
                                        ? "No such schema."
                                        : "Version " + version + " deleted the schema: it has no document.");
                return 1;
            }
            spec.commandLine().getOut().println(found.get().schema());
            return 0;
        }
    }

    @Command(
            name = "delete",
            description = "Delete a type's schema (its versions are kept); its events are accepted unchecked again,"
                    + " unless THE_EYE_SCHEMAS_REQUIRED.",
            mixinStandardHelpOptions = true)
    static class Delete implements Callable<Integer> {

        private final ContextLauncher launcher;

        @Spec
        private CommandSpec spec;

        @picocli.CommandLine.Mixin
        private Type type = new Type();

        Delete(ContextLauncher launcher) {
            this.launcher = launcher;
        }

        @Override
        public Integer call() {
            Optional<Version> deleted;
            try (ConfigurableApplicationContext context = launcher.tool()) {
                deleted =
                        context.getBean(PayloadSchemas.class).delete(ClientsCommand.actor(), type.category, type.name);
            }
            if (deleted.isEmpty()) {
                spec.commandLine().getErr().println("No schema for that category and name.");
                return 1;
            }
            spec.commandLine()
                    .getOut()
                    .println("Deleted the schema of category '" + type.category + "', name '" + type.name
                            + "' (version " + deleted.get().version() + " records it).");
            return 0;
        }
    }

    private static void printVersions(PrintWriter out, List<Version> versions, boolean json) {
        if (json) {
            out.println(JsonMapper.shared()
                    .writeValueAsString(
                            versions.stream().map(SchemasCommand::summary).toList()));
            return;
        }
        out.printf("%-7s  %-8s  %-27s  %-24s  %s%n", "VERSION", "STATE", "CREATED", "BY", "CATEGORY / NAME");
        for (Version v : versions) {
            out.printf(
                    "%-7d  %-8s  %-27s  %-24s  %s / %s%n",
                    v.version(),
                    v.deleted() ? "deleted" : "schema",
                    v.createdAt(),
                    v.createdBy(),
                    v.category(),
                    v.name());
        }
    }

    private static Map<String, Object> summary(Version version) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("category", version.category());
        summary.put("name", version.name());
        summary.put("version", version.version());
        summary.put("deleted", version.deleted());
        summary.put("created_at", version.createdAt().toString());
        summary.put("created_by", version.createdBy());
        return summary;
    }
}
