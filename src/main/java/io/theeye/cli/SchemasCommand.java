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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "schemas",
        description = "Manage the payload schemas (JSON Schema, draft 2020-12) events are checked against, one per"
                + " category and name.",
        synopsisSubcommandLabel = "(put | list | show | history | delete)",
        subcommands = {
            SchemasCommand.Put.class,
            SchemasCommand.ListSchemas.class,
            SchemasCommand.Show.class,
            SchemasCommand.History.class,
            SchemasCommand.Delete.class
        })
class SchemasCommand extends CommandGroup {

    /** The event type a subcommand is about. */
    static class Type {

        @Option(names = "--category", required = true, description = "The events' category, exactly as they send it.")
        String category;

        @Option(names = "--name", required = true, description = "The events' name, exactly as they send it.")
        String name;

        /** What the lookup finds of the type's schema, printed; or {@code none} said (exit code 1). */
        <T> int find(Tool tool, Lookup<T> lookup, Function<T, Integer> print, String none) {
            Optional<T> found = tool.with(PayloadSchemas.class, schemas -> lookup.find(schemas, category, name));
            return found.isEmpty() ? tool.missing(none) : print.apply(found.get());
        }
    }

    interface Lookup<T> {
        Optional<T> find(PayloadSchemas schemas, String category, String name);
    }

    @Command(
            name = "put",
            description = "Register a schema for a category and name, or change it (each change is a new version)."
                    + " Running servers apply it within seconds.",
            mixinStandardHelpOptions = true)
    static class Put implements Callable<Integer> {

        @Mixin
        private Tool tool;

        @Mixin
        private Type type;

        @Option(names = "--file", required = true, description = "The schema's JSON file, or - for standard input.")
        private String file;

        @Override
        public Integer call() throws IOException {
            String schema = file.equals("-")
                    ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file), StandardCharsets.UTF_8);
            PayloadSchemas.Saved saved;
            try {
                saved = tool.with(
                        PayloadSchemas.class, schemas -> schemas.save(Tool.actor(), type.category, type.name, schema));
            } catch (InvalidSchemaException e) {
                PrintWriter err = tool.err();
                err.println("the-eye: the schema is refused:");
                for (FieldError error : e.errors()) {
                    err.println("  " + error.field() + ": " + error.message());
                }
                return 1;
            }
            Version version = saved.version();
            return tool.done((saved.created() ? "Saved" : "Unchanged:") + " version " + version.version() + " of the"
                    + " schema of category '" + version.category() + "', name '" + version.name() + "'.");
        }
    }

    @Command(name = "list", description = "List the event types that have a schema.", mixinStandardHelpOptions = true)
    static class ListSchemas implements Callable<Integer> {

        @Mixin
        private Tool tool;

        @Mixin
        private JsonOutput.Table json;

        @Override
        public Integer call() {
            return printVersions(json, tool.with(PayloadSchemas.class, PayloadSchemas::list));
        }
    }

    @Command(
            name = "history",
            description = "List every version of a type's schema, newest first, deletions included.",
            mixinStandardHelpOptions = true)
    static class History implements Callable<Integer> {

        @Mixin
        private Tool tool;

        @Mixin
        private Type type;

        @Mixin
        private JsonOutput.Table json;

        @Override
        public Integer call() {
            return type.find(
                    tool,
                    (schemas, category, name) ->
                            Optional.of(schemas.history(category, name)).filter(versions -> !versions.isEmpty()),
                    versions -> printVersions(json, versions),
                    "No schema was ever registered for that category and name.");
        }
    }

    @Command(
            name = "show",
            description = "Print a type's schema as it was registered: the current version, or --version N.",
            mixinStandardHelpOptions = true)
    static class Show implements Callable<Integer> {

        @Mixin
        private Tool tool;

        @Mixin
        private Type type;

        @Option(names = "--version", paramLabel = "N", description = "An earlier version (see schemas history).")
        private Integer version;

        @Override
        public Integer call() {
            return type.find(
                    tool,
                    (schemas, category, name) -> version == null
                            ? schemas.current(category, name)
                            : schemas.version(category, name, version),
                    found -> found.deleted()
                            ? tool.missing("Version " + version + " deleted the schema: it has no document.")
                            : tool.done(found.schema()),
                    "No such schema.");
        }
    }

    @Command(
            name = "delete",
            description = "Delete a type's schema (its versions are kept); its events are accepted unchecked again,"
                    + " unless THE_EYE_SCHEMAS_REQUIRED.",
            mixinStandardHelpOptions = true)
    static class Delete implements Callable<Integer> {

        @Mixin
        private Tool tool;

        @Mixin
        private Type type;

        @Override
        public Integer call() {
            return type.find(
                    tool,
                    (schemas, category, name) -> schemas.delete(Tool.actor(), category, name),
                    deleted -> tool.done("Deleted the schema of category '" + type.category + "', name '" + type.name
                            + "' (version " + deleted.version() + " records it)."),
                    "No schema for that category and name.");
        }
    }

    private static int printVersions(JsonOutput json, List<Version> versions) {
        return json.print(() -> versions.stream().map(SchemasCommand::summary).toList(), out -> {
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
        });
    }

    private static Map<String, Object> summary(Version version) {
        return JsonOutput.object(
                "category", version.category(),
                "name", version.name(),
                "version", version.version(),
                "deleted", version.deleted(),
                "created_at", version.createdAt().toString(),
                "created_by", version.createdBy());
    }
}
