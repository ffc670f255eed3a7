package io.theeye.cli;

import io.theeye.admin.AdminProperties;
import io.theeye.store.ClientChanges;
import io.theeye.store.ClientRules;
import io.theeye.store.ClientStore;
import io.theeye.store.ClientStore.Client;
import io.theeye.store.ClientStore.RateLimit;
import java.time.Duration;
import java.util.LinkedHashMap;
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

@Command(
        name = "clients",
        description = "Manage the applications allowed to send events.",
        synopsisSubcommandLabel = "(create | list | rotate | revoke | reactivate | limit)",
        subcommands = {
            ClientsCommand.Create.class,
            ClientsCommand.ListClients.class,
            ClientsCommand.Rotate.class,
            ClientsCommand.Revoke.class,
            ClientsCommand.Reactivate.class,
            ClientsCommand.Limit.class
        })
class ClientsCommand extends CommandGroup {

    @Command(
            name = "create",
            description = "Create a client and print its client_id and secret_key.",
            mixinStandardHelpOptions = true)
    static class Create implements Callable<Integer> {

        @Mixin
        private Tool tool;

        @Mixin
        private JsonOutput.OneObject json;

        @Option(names = "--name", required = true, description = "What the client is, e.g. the application's name.")
        private String name;

        @Option(
                names = "--read-all",
                description =
                        "Let the client read every client's events (for dashboards and exports), not only its own.")
        private boolean readAll;

        @Option(
                names = "--admin",
                description = "Let the client manage payload schemas through the API (PUT, GET, DELETE /schemas).")
        private boolean admin;

        @Override
        public Integer call() {
            String stripped = tool.checked(() -> ClientRules.name(name));
            Client client =
                    tool.with(ClientChanges.class, changes -> changes.create(Tool.actor(), stripped, readAll, admin));
            return json.print(
                    () -> JsonOutput.object(
                            "client_id", client.clientId().toString(),
                            "secret_key", client.secretKey(),
                            "name", client.name()),
                    out -> {
                        out.println("client_id:  " + client.clientId());
                        out.println("secret_key: " + client.secretKey());
                        out.println("name:       " + client.name());
                        out.println("reads:      " + reads(client));
                        if (client.admin()) {
                            out.println("admin:      manages payload schemas");
                        }
                    });
        }
    }

    @Command(
            name = "list",
            description = "List clients, active and revoked (secrets are not shown).",
            mixinStandardHelpOptions = true)
    static class ListClients implements Callable<Integer> {

        @Mixin
        private Tool tool;

        @Mixin
        private JsonOutput.Table json;

        @Override
        public Integer call() {
            record Listing(List<Client> clients, Map<UUID, Integer> retentionDays) {}
            Listing listing =
                    tool.with(ClientStore.class, store -> new Listing(store.findAll(), store.retentionDays()));
            List<Client> clients = listing.clients();
            return json.print(
                    () -> clients.stream()
                            .map(client ->
                                    summary(client, listing.retentionDays().get(client.clientId())))
                            .toList(),
                    out -> {
                        out.printf("%-36s  %-8s  %-5s  %-27s  %s%n", "CLIENT_ID", "STATUS", "READS", "CREATED", "NAME");
                        for (Client client : clients) {
                            out.printf(
                                    "%-36s  %-8s  %-5s  %-27s  %s%n",
                                    client.clientId(),
                                    client.active() ? "active" : "revoked",
                                    reads(client),
                                    client.createdAt(),
                                    client.name());
                        }
                    });
        }

        private static Map<String, Object> summary(Client client, Integer retentionDays) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("client_id", client.clientId().toString());
            summary.put("name", client.name());
            summary.put("read_all", client.readAll());
            summary.put("admin", client.admin());
            summary.put("created_at", client.createdAt().toString());
            summary.put("revoked_at", text(client.revokedAt()));
            summary.put("previous_secret_expires_at", text(client.previousSecretExpiresAt()));
            summary.put("last_used_at", text(client.lastUsedAt()));
            summary.put("rate_limit", RateLimitOptions.json(client.rateLimit()));
            summary.put("retention_days", retentionDays);
            return summary;
        }

        private static String text(Object value) {
            return value == null ? null : value.toString();
        }
    }

    /** Whose events the client may read: its own, or all clients'. */
    static String reads(Client client) {
        return client.readAll() ? "all" : "own";
    }

    @Command(
            name = "revoke",
            description = "Revoke a client: a running server refuses its tokens within seconds.",
            mixinStandardHelpOptions = true)
    static class Revoke implements Callable<Integer> {

        @Mixin
        private Tool tool;

        @Parameters(paramLabel = "CLIENT_ID", description = "The client to revoke.")
        private UUID clientId;

        @Override
        public Integer call() {
            return change(tool, clientId, ClientChanges::revoke, "revoked.", "No active client ");
        }
    }

    @Command(
            name = "reactivate",
            description = "Let a revoked client in again, with its secret_key as it was.",
            mixinStandardHelpOptions = true)
    static class Reactivate implements Callable<Integer> {

        @Mixin
        private Tool tool;

        @Parameters(paramLabel = "CLIENT_ID", description = "The client to re-activate.")
        private UUID clientId;

        @Override
        public Integer call() {
            return change(tool, clientId, ClientChanges::reactivate, "re-activated.", "No revoked client ");
        }
    }

    /** A change that is done, or not when the client is not in the state it needs. */
    private interface Change {
        boolean apply(ClientChanges changes, String actor, UUID clientId);
    }

    /** Revokes or re-activates a client: says so, or (exit code 1) that no client was in the state to. */
    private static int change(Tool tool, UUID clientId, Change change, String done, String noneLikeThat) {
        boolean changed = tool.with(ClientChanges.class, changes -> change.apply(changes, Tool.actor(), clientId));
        return changed ? tool.done("Client " + clientId + " " + done) : tool.missing(noneLikeThat + clientId + ".");
    }

    @Command(
            name = "rotate",
            description = {
                "Give a client a new secret_key and print it. Tokens signed with the old one are accepted for the"
                        + " grace period, then refused; rotating again ends an earlier grace period at once."
            },
            mixinStandardHelpOptions = true)
    static class Rotate implements Callable<Integer> {

        @Mixin
        private Tool tool;

        @Mixin
        private JsonOutput.OneObject json;

        @Parameters(paramLabel = "CLIENT_ID", description = "The client whose secret to replace.")
        private UUID clientId;

        @Option(
                names = "--grace",
                converter = TokenCommand.GraceConverter.class,
                description = "How long the old secret keeps working, up to " + ClientRules.LONGEST_GRACE_DAYS
                        + "d: 90s, 15m, 24h, 7d, ISO-8601 (PT24H),"
                        + " or 0s to refuse it at once. Default: the value of THE_EYE_ADMIN_ROTATION_GRACE.")
        private Duration grace;

        @Override
        public Integer call() {
            if (grace != null) {
                tool.checked(() -> ClientRules.grace(grace));
            }
            Optional<Client> rotated = tool.withContext(context -> {
                Duration chosen = grace != null
                        ? grace
                        : context.getBean(AdminProperties.class).rotationGrace();
                return context.getBean(ClientChanges.class).rotate(Tool.actor(), clientId, chosen);
            });
            if (rotated.isEmpty()) {
                return tool.missing("No client " + clientId + ".");
            }
            Client client = rotated.get();
            return json.print(
                    () -> JsonOutput.object(
                            "client_id", client.clientId().toString(),
                            "secret_key", client.secretKey(),
                            "previous_secret_expires_at",
                                    client.previousSecretExpiresAt().toString()),
                    out -> {
                        out.println("client_id:  " + client.clientId());
                        out.println("secret_key: " + client.secretKey());
                        out.println("old secret: accepted until " + client.previousSecretExpiresAt());
                    });
        }
    }

    @Command(
            name = "limit",
            description = {
                "Give a client a rate limit of its own, in place of the default (THE_EYE_RATE_LIMIT_EVENTS_PER_SECOND"
                        + " and THE_EYE_RATE_LIMIT_BURST), or with --clear return it to the default. Running servers"
                        + " apply it within THE_EYE_AUTH_CLIENT_REFRESH_INTERVAL."
            },
            mixinStandardHelpOptions = true)
    static class Limit implements Callable<Integer> {

        @Mixin
        private Tool tool;

        @Mixin
        private JsonOutput.OneObject json;

        @Parameters(paramLabel = "CLIENT_ID", description = "The client to limit.")
        private UUID clientId;

        @ArgGroup(multiplicity = "1")
        private Choice choice;

        static class Choice {

            @ArgGroup(exclusive = false)
            Own own;

            @Option(names = "--clear", required = true, description = "Return the client to the default limit.")
            boolean clear;
        }

        static class Own extends RateLimitOptions {

            @Option(
                    names = "--events-per-second",
                    required = true,
                    paramLabel = "N",
                    description = "Events the client may send per second, 0 to " + ClientRules.MOST_EVENTS_PER_SECOND
                            + "; 0: no limit for this client.")
            int eventsPerSecond;

            @Option(names = "--burst", paramLabel = "M", description = BURST)
            Integer burst;

            @Override
            int eventsPerSecond() {
                return eventsPerSecond;
            }

            @Override
            Integer burst() {
                return burst;
            }
        }

        @Override
        public Integer call() {
            RateLimit limit = choice.clear ? null : choice.own.checked(tool);
            boolean done = tool.with(
                    ClientChanges.class,
                    changes -> limit == null
                            ? changes.clearLimit(Tool.actor(), clientId)
                            : changes.limit(Tool.actor(), clientId, limit));
            if (!done) {
                return tool.missing("No client " + clientId + ".");
            }
            return json.print(
                    () -> JsonOutput.object(
                            "client_id", clientId.toString(), "rate_limit", RateLimitOptions.json(limit)),
                    out -> out.println("Client " + clientId + ": "
                            + (limit == null ? "the default rate limit applies" : limit.describe()) + "."));
        }
    }
}
