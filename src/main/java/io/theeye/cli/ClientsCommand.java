package io.theeye.cli;

import io.theeye.admin.AdminProperties;
import io.theeye.store.ClientChanges;
import io.theeye.store.ClientRules;
import io.theeye.store.ClientStore;
import io.theeye.store.ClientStore.Client;
import io.theeye.store.ClientStore.RateLimit;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

@Command(
        name = "clients",
        description = "Manage the applications allowed to send events.",
        mixinStandardHelpOptions = true,
        synopsisSubcommandLabel = "(create | list | rotate | revoke | reactivate | limit)")
class ClientsCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(), "name a subcommand: create, list, rotate, revoke, reactivate or limit");
    }

    /**
     * The value a rule of {@link ClientRules} lets through, or bad usage (exit code 2) naming the option and what it
     * allows, before any database is opened.
     */
    static <T> T checked(CommandSpec spec, Supplier<T> rule) {
        try {
            return rule.get();
        } catch (ClientRules.Violation e) {
            throw new ParameterException(spec.commandLine(), "--" + e.field() + ": " + e.problem());
        }
    }

    /** Who the audit log says made a change from the command line: the operating system's user. */
    static String actor() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }

    @Command(
            name = "create",
            description = "Create a client and print its client_id and secret_key.",
            mixinStandardHelpOptions = true)
    static class Create implements Callable<Integer> {

        private final ContextLauncher launcher;

        @Spec
        private CommandSpec spec;

        @Option(names = "--name", required = true, description = "What the client is, e.g. the application's name.")
        private String name;

        @Option(names = "--json", description = "Print one JSON object instead of text.")
        private boolean json;

        @Option(
                names = "--read-all",
                description =
                        "Let the client read every client's events (for dashboards and exports), not only its own.")
        private boolean readAll;

        @Option(
                names = "--admin",
                description = "Let the client manage payload schemas through the API (PUT, GET, DELETE /schemas).")
        private boolean admin;

        Create(ContextLauncher launcher) {
            this.launcher = launcher;
        }

        @Override
        public Integer call() {
            String stripped = checked(spec, () -> ClientRules.name(name));
            Client client;
            try (ConfigurableApplicationContext context = launcher.tool()) {
                client = context.getBean(ClientChanges.class).create(actor(), stripped, readAll, admin);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, String> object = new LinkedHashMap<>();
                object.put("client_id", client.clientId().toString());
                object.put("secret_key", client.secretKey());
                object.put("name", client.name());
                out.println(JsonMapper.shared().writeValueAsString(object));
            } else {
                out.println("client_id:  " + client.clientId());
                out.println("secret_key: " + client.secretKey());
                out.println("name:       " + client.name());
                out.println("reads:      " + reads(client));
                if (client.admin()) {
                    out.println("admin:      manages payload schemas");
                }
            }
            return 0;
        }
    }

    @Command(
            name = "list",
            description = "List clients, active and revoked (secrets are not shown).",
            mixinStandardHelpOptions = true)
    static class ListClients implements Callable<Integer> {

        private final ContextLauncher launcher;

        @Spec
        private CommandSpec spec;

        @Option(names = "--json", description = "Print a JSON array instead of a table.")
        private boolean json;

        ListClients(ContextLauncher launcher) {
            this.launcher = launcher;
        }

        @Override
        public Integer call() {
            List<Client> clients;
            try (ConfigurableApplicationContext context = launcher.tool()) {
                clients = context.getBean(ClientStore.class).findAll();
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(JsonMapper.shared()
                        .writeValueAsString(
                                clients.stream().map(ListClients::summary).toList()));
                return 0;
            }
            out.printf("%-36s  %-8s  %-5s  %-27s  %s%n", "CLIENT_ID", "STATUS", "READS", "CREATED", "NAME");
            for (Client client : clients) {
                out.printf(
                        "%-36s  %-8s  %-5s  %-27s  %s%n",
                        client.clientId(), status(client), reads(client), client.createdAt(), client.name());
            }
            return 0;
        }

        private static Map<String, Object> summary(Client client) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("client_id", client.clientId().toString());
            summary.put("name", client.name());
            summary.put("read_all", client.readAll());
            summary.put("admin", client.admin());
            summary.put("created_at", client.createdAt().toString());
            summary.put(
                    "revoked_at",
                    client.revokedAt() == null ? null : client.revokedAt().toString());
            summary.put(
                    "previous_secret_expires_at",
                    client.previousSecretExpiresAt() == null
                            ? null
                            : client.previousSecretExpiresAt().toString());
            summary.put(
                    "last_used_at",
                    client.lastUsedAt() == null ? null : client.lastUsedAt().toString());
            summary.put("rate_limit", client.rateLimit() == null ? null : Limit.object(client.rateLimit()));
            return summary;
        }

        private static String status(Client client) {
            return client.active() ? "active" : "revoked";
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

        private final ContextLauncher launcher;

        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "CLIENT_ID", description = "The client to revoke.")
        private UUID clientId;

        Revoke(ContextLauncher launcher) {
            this.launcher = launcher;
        }

        @Override
        public Integer call() {
            boolean revoked;
            try (ConfigurableApplicationContext context = launcher.tool()) {
                revoked = context.getBean(ClientChanges.class).revoke(actor(), clientId);
            }
            if (!revoked) {
                spec.commandLine().getErr().println("No active client " + clientId + ".");
                return 1;
            }
            spec.commandLine().getOut().println("Client " + clientId + " revoked.");
            return 0;
        }
    }

    @Command(
            name = "rotate",
            description = {
                "Give a client a new secret_key and print it. Tokens signed with the old one are accepted for the"
                        + " grace period, then refused; rotating again ends an earlier grace period at once."
            },
            mixinStandardHelpOptions = true)
    static class Rotate implements Callable<Integer> {

        private final ContextLauncher launcher;

        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "CLIENT_ID", description = "The client whose secret to replace.")
        private UUID clientId;

        @Option(
                names = "--grace",
                converter = TokenCommand.GraceConverter.class,
                description = "How long the old secret keeps working, up to 365d: 90s, 15m, 24h, 7d, ISO-8601 (PT24H),"
                        + " or 0s to refuse it at once. Default: the value of THE_EYE_ADMIN_ROTATION_GRACE.")
        private Duration grace;

        @Option(names = "--json", description = "Print one JSON object instead of text.")
        private boolean json;

        Rotate(ContextLauncher launcher) {
            this.launcher = launcher;
        }

        @Override
        public Integer call() {
            if (grace != null) {
                checked(spec, () -> ClientRules.grace(grace));
            }
            Optional<Client> rotated;
            try (ConfigurableApplicationContext context = launcher.tool()) {
                Duration chosen = grace != null
                        ? grace
                        : context.getBean(AdminProperties.class).rotationGrace();
                rotated = context.getBean(ClientChanges.class).rotate(actor(), clientId, chosen);
            }
            if (rotated.isEmpty()) {
                spec.commandLine().getErr().println("No client " + clientId + ".");
                return 1;
            }
            Client client = rotated.get();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, String> object = new LinkedHashMap<>();
                object.put("client_id", client.clientId().toString());
                object.put("secret_key", client.secretKey());
                object.put(
                        "previous_secret_expires_at",
                        client.previousSecretExpiresAt().toString());
                out.println(JsonMapper.shared().writeValueAsString(object));
            } else {
                out.println("client_id:  " + client.clientId());
                out.println("secret_key: " + client.secretKey());
                out.println("old secret: accepted until " + client.previousSecretExpiresAt());
            }
            return 0;
        }
    }

    @Command(
            name = "reactivate",
            description = "Let a revoked client in again, with its secret_key as it was.",
            mixinStandardHelpOptions = true)
    static class Reactivate implements Callable<Integer> {

        private final ContextLauncher launcher;

        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "CLIENT_ID", description = "The client to re-activate.")
        private UUID clientId;

        Reactivate(ContextLauncher launcher) {
            this.launcher = launcher;
        }

        @Override
        public Integer call() {
            boolean reactivated;
            try (ConfigurableApplicationContext context = launcher.tool()) {
                reactivated = context.getBean(ClientChanges.class).reactivate(actor(), clientId);
            }
            if (!reactivated) {
                spec.commandLine().getErr().println("No revoked client " + clientId + ".");
                return 1;
            }
            spec.commandLine().getOut().println("Client " + clientId + " re-activated.");
            return 0;
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

        private final ContextLauncher launcher;

        @Spec
        private CommandSpec spec;

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

        static class Own {

            @Option(
                    names = "--events-per-second",
                    required = true,
                    paramLabel = "N",
                    description = "Events the client may send per second, 0 to 1000000; 0: no limit for this client.")
            int eventsPerSecond;

            @Option(
                    names = "--burst",
                    paramLabel = "M",
                    description = "Most events it may send at once after a quiet spell, up to 1000000. Default: one"
                            + " second's worth.")
            Integer burst;
        }

        @Option(names = "--json", description = "Print one JSON object instead of text.")
        private boolean json;

        Limit(ContextLauncher launcher) {
            this.launcher = launcher;
        }

        @Override
        public Integer call() {
            RateLimit limit = choice.clear
                    ? null
                    : checked(spec, () -> ClientRules.rateLimit(choice.own.eventsPerSecond, choice.own.burst));
            boolean done;
            try (ConfigurableApplicationContext context = launcher.tool()) {
                ClientChanges changes = context.getBean(ClientChanges.class);
                done = limit == null ? changes.clearLimit(actor(), clientId) : changes.limit(actor(), clientId, limit);
            }
            if (!done) {
                spec.commandLine().getErr().println("No client " + clientId + ".");
                return 1;
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> object = new LinkedHashMap<>();
                object.put("client_id", clientId.toString());
                object.put("rate_limit", limit == null ? null : object(limit));
                out.println(JsonMapper.shared().writeValueAsString(object));
            } else if (limit == null) {
                out.println("Client " + clientId + ": the default rate limit applies.");
            } else {
                out.println("Client " + clientId + ": " + limit.describe() + ".");
            }
            return 0;
        }

        /** A client's own limit in JSON: {@code {"events_per_second": N, "burst": M}}, 0 meaning as in the options. */
        static Map<String, Object> object(RateLimit limit) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("events_per_second", limit.eventsPerSecond());
            object.put("burst", limit.burst());
            return object;
        }
    }
}
