package io.theeye.cli;

/**
 * The jar's entry point: runs the command line. It lives here, not on the application class, so that the base
 * package does not depend on the commands that start it.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(Cli.run(args));
    }
}
