package io.theeye.cli;

import io.theeye.event.EventTimestamps;
import io.theeye.replay.RejectedReplay;
import io.theeye.replay.ReplayFilter;
import io.theeye.replay.ReplayReport;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import tools.jackson.databind.json.JsonMapper;

@Command(
        name = "rejected",
        description = "Work on refused events.",
        mixinStandardHelpOptions = true,
        synopsisSubcommandLabel = "(replay)")
class RejectedCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a subcommand: replay");
    }

    @Command(
            name = "replay",
            description = {
                "Send refused events through validation again, with the payload schemas in force now. Those that pass"
                        + " are stored (with their own id and timestamp: replaying twice stores them once) and leave"
                        + " the rejected list; the rest stay, with their new errors. Refused events cut when recorded"
                        + " (longer than THE_EYE_INGEST_REJECTED_RAW_MAX_CHARS) cannot be replayed and are left."
            },
            mixinStandardHelpOptions = true)
    static class Replay implements Callable<Integer> {

        private final ContextLauncher launcher;

        @Spec
        private CommandSpec spec;

        @Option(names = "--client-id", paramLabel = "CLIENT_ID", description = "Only this client's.")
        private UUID clientId;

        @Option(names = "--category", description = "Only events of this category.")
        private String category;

        @Option(names = "--name", description = "Only events of this name.")
        private String name;

        @Option(
                names = "--from",
                converter = InstantConverter.class,
                description = "Only those received at or after this time (ISO-8601; naive is UTC).")
        private Instant from;

        @Option(
                names = "--to",
                converter = InstantConverter.class,
                description = "Only those received before this time.")
        private Instant to;

        @Option(names = "--json", description = "Print one JSON object instead of text.")
        private boolean json;

        Replay(ContextLauncher launcher) {
            this.launcher = launcher;
        }

        @Override
        public Integer call() {
            ReplayFilter filter;
            try {
                filter = new ReplayFilter(clientId, category, name, from, to);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--from must be before --to");
            }
            ReplayReport report;
            try (ConfigurableApplicationContext context = launcher.tool()) {
                report = context.getBean(RejectedReplay.class).replay(ClientsCommand.actor(), filter);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> object = new LinkedHashMap<>();
                object.put("stored", report.stored());
                object.put("still_refused", report.stillRefused());
                object.put("not_replayable", report.notReplayable());
                out.println(JsonMapper.shared().writeValueAsString(object));
            } else {
                out.println("Replayed " + filter.describe() + ": " + report.summary() + ".");
            }
            return 0;
        }
    }

    static final class InstantConverter implements ITypeConverter<Instant> {

        @Override
        public Instant convert(String value) {
            try {
                return EventTimestamps.parse(value);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "': " + EventTimestamps.EXPECTED);
            }
        }
    }
}
