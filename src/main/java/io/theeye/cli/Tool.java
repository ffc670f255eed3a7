package io.theeye.cli;

import io.theeye.store.ClientRules;
import java.io.PrintWriter;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every command that works on the database shares, mixed into it ({@code @Mixin}): a context of the database
 * opened for one piece of work and closed after, the terminal it answers on, and the exit codes it answers with.
 */
@Command // a mixin without options of its own must still say it is one
final class Tool {

    private final ContextLauncher launcher;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    Tool(ContextLauncher launcher) {
        this.launcher = launcher;
    }

    /** What {@code work} makes of the application's bean of that type, in a context that is closed after. */
    <B, T> T with(Class<B> type, Function<B, T> work) {
        return withContext(context -> work.apply(context.getBean(type)));
    }

    /** What {@code work} makes of the application's beans, in a context that is closed after. */
    <T> T withContext(Function<ApplicationContext, T> work) {
        try (ConfigurableApplicationContext context = launcher.tool()) {
            return work.apply(context);
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Says what was done; exit code 0. */
    int done(String message) {
        out().println(message);
        return 0;
    }

    /** Says on standard error what was not there to work on; exit code 1. */
    int missing(String message) {
        err().println(message);
        return 1;
    }

    /** Bad usage (exit code 2), with the command's usage. */
    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /**
     * The value a rule of {@link ClientRules} lets through, or bad usage naming the option and what it allows, before
     * any database is opened.
     */
    <T> T checked(Supplier<T> rule) {
        try {
            return rule.get();
        } catch (ClientRules.Violation e) {
            throw usage("--" + e.field() + ": " + e.problem());
        }
    }

    /** Who the audit log says made a change from the command line: the operating system's user. */
    static String actor() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }
}
