package io.theeye.cli;

import io.theeye.store.ClientRules;
import io.theeye.store.ClientStore;
import io.theeye.store.DataCondition;
import io.theeye.store.DeletionFilter;
import io.theeye.store.EventDeletions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "events",
        description = "Work on stored events.",
        synopsisSubcommandLabel = "(delete)",
        subcommands = EventsCommand.Delete.class)
class EventsCommand extends CommandGroup {

    /** The options the filters' refusals name, by the API's field names. */
    private static final Map<String, String> OPTIONS = Map.of(
            "session_ids", "--session-id",
            "from", "--from",
            "to", "--to",
            "category", "--category",
            "name", "--name",
            "data_path", "--data-path",
            "equals", "--equals");

    @Command(
            name = "delete",
            description = {
                "Delete a client's events that every filter given matches, with its refused events that match (by"
                        + " receipt time for --from/--to, by their raw text read as an event for the rest), and print"
                        + " how many went. At least one filter is required. Recorded in the audit log. See"
                        + " docs/deletion.md."
            },
            mixinStandardHelpOptions = true)
    static class Delete implements Callable<Integer> {

        @Mixin
        private Tool tool;

        @Mixin
        private JsonOutput.OneObject json;

        @Option(names = "--client-id", required = true, paramLabel = "CLIENT_ID", description = "Whose events.")
        private UUID clientId;

        @Option(
                names = "--session-id",
                paramLabel = "SESSION_ID",
                description = "Events of this session; repeat for several.")
        private List<String> sessionIds;

        @Option(
                names = "--from",
                converter = RejectedCommand.InstantConverter.class,
                description = "Events with a timestamp at or after this time (ISO-8601; naive is UTC).")
        private Instant from;

        @Option(
                names = "--to",
                converter = RejectedCommand.InstantConverter.class,
                description = "Events with a timestamp before this time.")
        private Instant to;

        @Option(names = "--category", description = "Events of this category.")
        private String category;

        @Option(names = "--name", description = "Events of this name.")
        private String name;

        @Option(
                names = "--data-path",
                paramLabel = "PATH",
                description = "A path in data (user_id, data.user.id, data.items[0].sku), with --equals.")
        private String dataPath;

        @Option(
                names = "--equals",
                paramLabel = "JSON_VALUE",
                description = "The JSON value at --data-path: '\"u-42\"' (a string, in double quotes), 42, true.")
        private String equals;

        @Override
        public Integer call() {
            DeletionFilter filter = tool.checked(this::filter);
            return tool.withContext(context -> {
                if (context.getBean(ClientStore.class).findById(clientId).isEmpty()) {
                    return tool.missing("No client " + clientId + ".");
                }
                Optional<EventDeletions.Counts> deleted =
                        context.getBean(EventDeletions.class).delete(Tool.actor(), filter);
                if (deleted.isEmpty()) {
                    return tool.missing("Another process is removing events (expiry or a deletion); try again.");
                }
                EventDeletions.Counts counts = deleted.get();
                return json.print(
                        () -> JsonOutput.object("events", counts.events(), "rejected_events", counts.rejectedEvents()),
                        out -> out.println("Deleted " + counts.events() + " events and " + counts.rejectedEvents()
                                + " refused events of client " + clientId + "."));
            });
        }

        private DeletionFilter filter() {
            try {
                DataCondition data = null;
                if (dataPath != null || equals != null) {
                    if (dataPath == null || equals == null) {
                        throw ClientRules.violation(
                                dataPath == null ? "data_path" : "equals", "--data-path and --equals go together");
                    }
                    data = DataCondition.of(dataPath, equals, "data_path", "equals");
                }
                return new DeletionFilter(clientId, sessionIds, from, to, category, name, data);
            } catch (ClientRules.Violation e) {
                if (e.field().equals("filter")) {
                    throw tool.usage("name at least one filter (--session-id, --from, --to, --category, --name, or"
                            + " --data-path with --equals): a deletion of all a client's events is refused");
                }
                throw tool.usage(OPTIONS.getOrDefault(e.field(), "--" + e.field()) + ": " + e.problem());
            }
        }
    }
}
