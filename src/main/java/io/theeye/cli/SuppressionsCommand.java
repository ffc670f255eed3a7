package io.theeye.cli;

import io.theeye.store.DataCondition;
import io.theeye.store.SuppressionStore;
import io.theeye.store.SuppressionStore.Added;
import io.theeye.store.SuppressionStore.Rule;
import io.theeye.store.SuppressionStore.Suppression;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;

@Command(
        name = "suppressions",
        description = "A client's suppressions: session ids or data values whose future events are refused and never"
                + " stored.",
        synopsisSubcommandLabel = "(add | list | remove)",
        subcommands = {
            SuppressionsCommand.Add.class,
            SuppressionsCommand.ListSuppressions.class,
            SuppressionsCommand.Remove.class
        })
class SuppressionsCommand extends CommandGroup {

    @Command(
            name = "add",
            description = {
                "Refuse the client's future events of a session, or with a value in data: they are counted, never"
                        + " stored, not even as refused events. Running servers apply it within"
                        + " THE_EYE_SUPPRESSIONS_REFRESH_INTERVAL. Recorded in the audit log."
            },
            mixinStandardHelpOptions = true)
    static class Add implements Callable<Integer> {

        @Mixin
        private Tool tool;

        @Mixin
        private JsonOutput.OneObject json;

        @Option(names = "--client-id", required = true, paramLabel = "CLIENT_ID", description = "Whose events.")
        private UUID clientId;

        @ArgGroup(multiplicity = "1")
        private What what;

        static class What {

            @Option(names = "--session-id", required = true, paramLabel = "SESSION_ID", description = "A session.")
            String sessionId;

            @ArgGroup(exclusive = false)
            Data data;
        }

        static class Data {

            @Option(
                    names = "--data-path",
                    required = true,
                    paramLabel = "PATH",
                    description = "A path in data (user_id, data.user.id), with --equals.")
            String path;

            @Option(
                    names = "--equals",
                    required = true,
                    paramLabel = "JSON_VALUE",
                    description = "The JSON value at --data-path: '\"u-42\"' (a string, in double quotes), 42, true.")
            String value;
        }

        @Override
        public Integer call() {
            Rule rule = tool.checked(() -> what.sessionId != null
                    ? Rule.session(what.sessionId)
                    : Rule.data(DataCondition.of(what.data.path, what.data.value, "data-path", "equals")));
            Optional<Added> added = tool.with(SuppressionStore.class, store -> store.add(Tool.actor(), clientId, rule));
            if (added.isEmpty()) {
                return tool.missing("No client " + clientId + ".");
            }
            Suppression suppression = added.get().suppression();
            return json.print(
                    () -> summary(suppression),
                    out -> out.println((added.get().created() ? "Suppressed " : "Already suppressed ") + rule.describe()
                            + " for client " + clientId + " (id " + suppression.id() + ")."));
        }
    }

    @Command(
            name = "list",
            description = "List a client's suppressions, with how many events each has kept out.",
            mixinStandardHelpOptions = true)
    static class ListSuppressions implements Callable<Integer> {

        @Mixin
        private Tool tool;

        @Mixin
        private JsonOutput.Table json;

        @Option(names = "--client-id", required = true, paramLabel = "CLIENT_ID", description = "Whose.")
        private UUID clientId;

        @Override
        public Integer call() {
            List<Suppression> suppressions = tool.with(SuppressionStore.class, store -> store.list(clientId));
            return json.print(
                    () -> suppressions.stream()
                            .map(SuppressionsCommand::summary)
                            .toList(),
                    out -> {
                        String format = "%-6s  %-27s  %-10s  %-27s  %s%n";
                        out.printf(format, "ID", "CREATED", "SUPPRESSED", "LAST_SUPPRESSED", "RULE");
                        for (Suppression s : suppressions) {
                            out.printf(
                                    format,
                                    s.id(),
                                    s.createdAt(),
                                    s.suppressedCount(),
                                    s.lastSuppressedAt() == null ? "-" : s.lastSuppressedAt(),
                                    s.rule().describe());
                        }
                    });
        }
    }

    @Command(
            name = "remove",
            description = "Remove one of a client's suppressions: its events are let in again. Recorded in the audit"
                    + " log.",
            mixinStandardHelpOptions = true)
    static class Remove implements Callable<Integer> {

        @Mixin
        private Tool tool;

        @Option(names = "--client-id", required = true, paramLabel = "CLIENT_ID", description = "Whose.")
        private UUID clientId;

        @Parameters(paramLabel = "ID", description = "The suppression's id, as suppressions list shows it.")
        private long id;

        @Override
        public Integer call() {
            Optional<Suppression> removed =
                    tool.with(SuppressionStore.class, store -> store.remove(Tool.actor(), clientId, id));
            return removed.isPresent()
                    ? tool.done("Removed suppression " + id + " ("
                            + removed.get().rule().describe() + ") of client " + clientId + ".")
                    : tool.missing("Client " + clientId + " has no suppression " + id + ".");
        }
    }

    private static Map<String, Object> summary(Suppression s) {
        return JsonOutput.object(
                "id", s.id(),
                "client_id", s.clientId().toString(),
                "field", s.field(),
                "value", JsonMapper.shared().readTree(s.value()),
                "created_at", s.createdAt().toString(),
                "created_by", s.createdBy(),
                "suppressed_count", s.suppressedCount(),
                "last_suppressed_at",
                        s.lastSuppressedAt() == null
                                ? null
                                : s.lastSuppressedAt().toString());
    }
}
