package io.theeye.cli;

import io.theeye.exporter.ExporterProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

@Command(
        name = "exporter",
        description = {
            "Export every stored event, exactly once, as Parquet files to THE_EYE_EXPORT_TO (file:///path/to/folder"
                    + " or s3://bucket/prefix), and keep exporting new ones.",
            "Starts no web server. One exporter writes to a destination at a time: another waits for it.",
            "Other options (--name=value) are Spring Boot properties."
        },
        mixinStandardHelpOptions = true)
class ExporterCommand implements Callable<Integer> {

    static final String NO_DESTINATION =
            "there is nowhere to export to: set THE_EYE_EXPORT_TO to file:///path/to/folder"
                    + " or s3://bucket/prefix (docs/export.md).";

    private final ContextLauncher launcher;

    @Spec
    private CommandSpec spec;

    @Unmatched
    private List<String> springArgs = new ArrayList<>();

    ExporterCommand(ContextLauncher launcher) {
        this.launcher = launcher;
    }

    @Override
    public Integer call() throws InterruptedException {
        ConfigurableApplicationContext context = launcher.exporter(springArgs.toArray(String[]::new));
        if (!context.getBean(ExporterProperties.class).enabled()) {
            context.close();
            spec.commandLine().getErr().println("the-eye exporter: " + NO_DESTINATION);
            return 2;
        }
        // The exporter's thread runs until the process is stopped (SIGTERM: it finishes its batch first).
        Thread.currentThread().join();
        return 0;
    }
}
