package io.theeye.cli;

import io.theeye.admin.AdminProperties;
import io.theeye.store.ClientChanges;
import io.theeye.store.ClientStore;
import io.theeye.store.ClientStore.Client;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.springframework.context.ConfigurableApplicationContext;
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
        synopsisSubcommandLabel = "(create | list | rotate | revoke | reactivate)")
class ClientsCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(), "name a subcommand: create, list, rotate, revoke or reactivate");
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
            if (name.isBlank() || name.length() > 200) {
                throw new ParameterException(spec.commandLine(), "--name must be 1 to 200 characters long");
            }
            Client client;
            try (ConfigurableApplicationContext context = launcher.tool()) {
                client = context.getBean(ClientChanges.class).create(actor(), name, readAll, admin);
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
                description = "How long the old secret keeps working: 90s, 15m, 24h, 7d, ISO-8601 (PT24H), or 0s to"
                        + " refuse it at once. Default: THE_EYE_ADMIN_ROTATION_GRACE (24h).")
        private Duration grace;

        @Option(names = "--json", description = "Print one JSON object instead of text.")
        private boolean json;

        Rotate(ContextLauncher launcher) {
            this.launcher = launcher;
        }

        @Override
        public Integer call() {
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
}
