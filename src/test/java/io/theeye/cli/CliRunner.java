package io.theeye.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** Runs the command line in this JVM against a database, for tests of other packages. */
public final class CliRunner {

    private CliRunner() {}

    /** What a run printed, and its exit code. */
    public record Result(int exitCode, String out, String err) {}

    /**
     * @param databaseOptions the options that point the command line at the database ({@code --the-eye.db.url=...})
     */
    public static Result run(String[] databaseOptions, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Cli.commandLine(new ContextLauncher(databaseOptions), Map.<String, String>of()::get);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }
}
