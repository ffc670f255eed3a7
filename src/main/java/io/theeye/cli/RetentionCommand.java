package io.theeye.cli;

import io.theeye.retention.Retention;
import io.theeye.store.ClientChanges;
import io.theeye.store.ClientRules;
import io.theeye.store.EventExpiry.Removed;
import io.theeye.store.MaintenanceLock;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "retention",
        description = "How long events are kept: run expiry now, or give a client a retention of its own.",
        synopsisSubcommandLabel = "(run | set | clear)",
        subcommands = {RetentionCommand.Run.class, RetentionCommand.Set.class, RetentionCommand.Clear.class})
class RetentionCommand extends CommandGroup {

    /** The exit code of {@code retention run} when another process is removing events: try again later. */
    static final int BUSY = 75;

    @Command(
            name = "run",
            description = {
                "Remove the events and refused events that have expired now (THE_EYE_RETENTION,"
                        + " THE_EYE_REJECTED_RETENTION, clients' own retention) and print how many went. Exit code "
                        + BUSY + " when another process is removing events (expiry or a deletion): try again later."
            },
            mixinStandardHelpOptions = true)
    static class Run implements Callable<Integer> {

        @Mixin
        private Tool tool;

        @Mixin
        private JsonOutput.OneObject json;

        @Override
        public Integer call() {
            String holder = "retention run by " + Tool.actor() + " "
                    + ManagementFactory.getRuntimeMXBean().getName();
            Outcome outcome = tool.with(Retention.class, retention -> {
                Optional<Removed> removed = retention.expire(holder);
                return new Outcome(
                        removed.orElse(null),
                        removed.isPresent() ? null : retention.lockHolder().orElse(null));
            });
            if (outcome.removed() == null) {
                MaintenanceLock.Holder busy = outcome.busy();
                tool.err()
                        .println("Another process is removing events"
                                + (busy == null ? "" : " (" + busy.holder() + ", since " + busy.since() + ")")
                                + ": nothing was removed. Try again later.");
                return BUSY;
            }
            Removed removed = outcome.removed();
            return json.print(
                    () -> JsonOutput.object("events", removed.events(), "rejected_events", removed.rejectedEvents()),
                    out -> out.println("Removed " + removed.events() + (removed.events() == 1 ? " event" : " events")
                            + " and " + removed.rejectedEvents()
                            + (removed.rejectedEvents() == 1 ? " refused event" : " refused events") + "."));
        }

        /** What the run removed, or who held the lock when it could not. */
        private record Outcome(Removed removed, MaintenanceLock.Holder busy) {}
    }

    @Command(
            name = "set",
            description = {
                "Keep a client's events this many days (counted from their timestamp), in place of THE_EYE_RETENTION:"
                        + " shorter or longer. Expiry applies it at its next run."
            },
            mixinStandardHelpOptions = true)
    static class Set implements Callable<Integer> {

        @Mixin
        private Tool tool;

        @Mixin
        private JsonOutput.OneObject json;

        @Option(names = "--client-id", required = true, paramLabel = "CLIENT_ID", description = "The client.")
        private UUID clientId;

        @Option(
                names = "--days",
                required = true,
                paramLabel = "N",
                description = "Days its events are kept, 1 to " + ClientRules.LONGEST_RETENTION_DAYS + ".")
        private int days;

        @Override
        public Integer call() {
            tool.checked(() -> ClientRules.retentionDays(days));
            boolean done =
                    tool.with(ClientChanges.class, changes -> changes.setRetention(Tool.actor(), clientId, days));
            if (!done) {
                return tool.missing("No client " + clientId + ".");
            }
            return json.print(
                    () -> JsonOutput.object("client_id", clientId.toString(), "retention_days", days),
                    out -> out.println(
                            "Client " + clientId + ": events kept " + days + (days == 1 ? " day" : " days") + "."));
        }
    }

    @Command(
            name = "clear",
            description = "Take a client's own retention away: THE_EYE_RETENTION applies to it again.",
            mixinStandardHelpOptions = true)
    static class Clear implements Callable<Integer> {

        @Mixin
        private Tool tool;

        @Mixin
        private JsonOutput.OneObject json;

        @Option(names = "--client-id", required = true, paramLabel = "CLIENT_ID", description = "The client.")
        private UUID clientId;

        @Override
        public Integer call() {
            boolean done = tool.with(ClientChanges.class, changes -> changes.clearRetention(Tool.actor(), clientId));
            if (!done) {
                return tool.missing("No client " + clientId + ".");
            }
            return json.print(
                    () -> JsonOutput.object("client_id", clientId.toString(), "retention_days", null),
                    out -> out.println("Client " + clientId + ": the default retention applies."));
        }
    }
}
