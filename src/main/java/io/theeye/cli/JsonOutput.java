package io.theeye.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/**
 * A command's {@code --json} option, mixed into it ({@code @Mixin}): JSON instead of the text a person reads. Each
 * kind words the option for what the command prints.
 */
abstract class JsonOutput {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    private boolean json;

    void json(boolean json) {
        this.json = json;
    }

    /** Prints the value as JSON with {@code --json}, else the text; exit code 0. */
    int print(Supplier<?> value, Consumer<PrintWriter> text) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonMapper.shared().writeValueAsString(value.get()));
        } else {
            text.accept(out);
        }
        return 0;
    }

    /** A JSON object of these keys and values, in this order (a value may be null). */
    static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            object.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return object;
    }

    /** For a command that prints one thing. */
    static final class OneObject extends JsonOutput {

        @Option(names = "--json", description = "Print one JSON object instead of text.")
        @Override
        void json(boolean json) {
            super.json(json);
        }
    }

    /** For a command that prints a table. */
    static final class Table extends JsonOutput {

        @Option(names = "--json", description = "Print a JSON array instead of a table.")
        @Override
        void json(boolean json) {
            super.json(json);
        }
    }
}
