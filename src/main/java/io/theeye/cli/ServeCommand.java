package io.theeye.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

@Command(
        name = "serve",
        description = {
            "Run the API server (port THE_EYE_PORT, default 8000), migrating the database first.",
            "Other options (--name=value) are Spring Boot properties, e.g. --management.server.port=9000."
        },
        mixinStandardHelpOptions = true)
class ServeCommand implements Callable<Integer> {

    private final ContextLauncher launcher;

    /** Anything else is handed to Spring Boot, e.g. {@code --management.server.port=9000}. */
    @Unmatched
    private List<String> springArgs = new ArrayList<>();

    ServeCommand(ContextLauncher launcher) {
        this.launcher = launcher;
    }

    @Override
    public Integer call() throws InterruptedException {
        launcher.serve(springArgs.toArray(String[]::new));
        // The web server's threads keep the process alive until it is stopped.
        Thread.currentThread().join();
        return 0;
    }
}
