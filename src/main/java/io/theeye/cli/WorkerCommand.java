package io.theeye.cli;

import io.theeye.queue.QueueProperties;
import io.theeye.queue.QueueType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

@Command(
        name = "worker",
        description = {
            "Run workers that store the events API processes put on the broker (THE_EYE_QUEUE=redis or kafka).",
            "Starts no web server. Workers: THE_EYE_WORKER_CONCURRENCY. Run as many processes as you like.",
            "Other options (--name=value) are Spring Boot properties."
        },
        mixinStandardHelpOptions = true)
class WorkerCommand implements Callable<Integer> {

    static final String NOTHING_TO_CONSUME = "there is nothing to consume: with THE_EYE_QUEUE=direct (the default)"
            + " 'the-eye serve' stores the events itself and needs no worker. To run API processes and workers apart,"
            + " choose a broker: THE_EYE_QUEUE=redis (with THE_EYE_REDIS_URL) or THE_EYE_QUEUE=kafka (with"
            + " THE_EYE_KAFKA_BOOTSTRAP_SERVERS) and one THE_EYE_QUEUE_SIGNING_KEY, for 'the-eye serve --no-worker' and"
            + " 'the-eye worker' alike.";

    private final ContextLauncher launcher;

    @Spec
    private CommandSpec spec;

    @Unmatched
    private List<String> springArgs = new ArrayList<>();

    WorkerCommand(ContextLauncher launcher) {
        this.launcher = launcher;
    }

    @Override
    public Integer call() throws InterruptedException {
        ConfigurableApplicationContext context = launcher.worker(springArgs.toArray(String[]::new));
        if (context.getBean(QueueProperties.class).type() == QueueType.DIRECT) {
            context.close();
            spec.commandLine().getErr().println("the-eye worker: " + NOTHING_TO_CONSUME);
            return 2;
        }
        // The workers' threads run until the process is stopped (SIGTERM: each finishes its batch first).
        Thread.currentThread().join();
        return 0;
    }
}
