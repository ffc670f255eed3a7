package io.theeye.cli;

import io.theeye.queue.QueueProperties;
import io.theeye.queue.QueueType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

@Command(
        name = "serve",
        description = {
            "Run the API server (port THE_EYE_PORT, default 8000), migrating the database first.",
            "With a broker (THE_EYE_QUEUE=redis or kafka) it also runs workers, unless --no-worker.",
            "Other options (--name=value) are Spring Boot properties, e.g. --management.server.port=9000."
        },
        mixinStandardHelpOptions = true)
class ServeCommand implements Callable<Integer> {

    static final String NO_WORKER_NEEDS_A_BROKER = "serve --no-worker needs a broker: with THE_EYE_QUEUE=direct (the"
            + " default) the API process stores the events itself. Set THE_EYE_QUEUE=redis or THE_EYE_QUEUE=kafka,"
            + " and run workers with 'the-eye worker'.";

    private final ContextLauncher launcher;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--no-worker",
            description = "Run the API only; separate 'the-eye worker' processes store the events (needs a broker).")
    private boolean noWorker;

    /** Anything else is handed to Spring Boot, e.g. {@code --management.server.port=9000}. */
    @Unmatched
    private List<String> springArgs = new ArrayList<>();

    ServeCommand(ContextLauncher launcher) {
        this.launcher = launcher;
    }

    @Override
    public Integer call() throws InterruptedException {
        List<String> args = new ArrayList<>(springArgs);
        if (noWorker) {
            args.add("--the-eye.worker.enabled=false");
        }
        ConfigurableApplicationContext context = launcher.serve(args.toArray(String[]::new));
        if (noWorker && context.getBean(QueueProperties.class).type() == QueueType.DIRECT) {
            context.close();
            spec.commandLine().getErr().println("the-eye: " + NO_WORKER_NEEDS_A_BROKER);
            return 2;
        }
        // The web server's threads keep the process alive until it is stopped.
        Thread.currentThread().join();
        return 0;
    }
}
