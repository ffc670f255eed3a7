package io.theeye.cli;

import io.theeye.event.EventTimestamps;
import io.theeye.replay.RejectedReplay;
import io.theeye.replay.ReplayFilter;
import io.theeye.replay.ReplayReport;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

@Command(
        name = "rejected",
        description = "Work on refused events.",
        synopsisSubcommandLabel = "(replay)",
        subcommands = RejectedCommand.Replay.class)
class RejectedCommand extends CommandGroup {

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

        @Mixin
        private Tool tool;

        @Mixin
        private JsonOutput.OneObject json;

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

        @Override
        public Integer call() {
            ReplayFilter filter;
            try {
                filter = new ReplayFilter(clientId, category, name, from, to);
            } catch (IllegalArgumentException e) {
                throw tool.usage("--from must be before --to");
            }
            ReplayReport report = tool.with(RejectedReplay.class, replay -> replay.replay(Tool.actor(), filter));
            return json.print(
                    () -> JsonOutput.object(
                            "stored", report.stored(),
                            "still_refused", report.stillRefused(),
                            "not_replayable", report.notReplayable()),
                    out -> out.println("Replayed " + filter.describe() + ": " + report.summary() + "."));
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
