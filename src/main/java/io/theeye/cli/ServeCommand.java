package io.theeye.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "serve",
        description = "Run the API server (port THE_EYE_PORT, default 8000), migrating the database first.",
        mixinStandardHelpOptions = true)
class ServeCommand implements Callable<Integer> {

    private final ContextLauncher launcher;

    @Parameters(arity = "0..*", paramLabel = "SPRING_ARG", description = "Extra Spring Boot arguments, e.g. --server.port=9000")
    private String[] springArgs = new String[0];

    ServeCommand(ContextLauncher launcher) {
        this.launcher = launcher;
    }

    @Override
    public Integer call() throws InterruptedException {
        launcher.serve(springArgs);
        // The web server's threads keep the process alive until it is stopped.
        Thread.currentThread().join();
        return 0;
    }
}
