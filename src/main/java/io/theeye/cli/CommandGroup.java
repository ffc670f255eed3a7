package io.theeye.cli;

import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code clients}, {@code keys}...): run alone, it asks for one of them. Its
 * {@code --help} and {@code --version} come from here.
 */
@Command(mixinStandardHelpOptions = true)
abstract class CommandGroup implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        String[] names = spec.subcommands().keySet().toArray(String[]::new);
        String last = names[names.length - 1];
        String choices =
                names.length == 1 ? last : String.join(", ", Arrays.copyOf(names, names.length - 1)) + " or " + last;
        throw new ParameterException(spec.commandLine(), "name a subcommand: " + choices);
    }
}
