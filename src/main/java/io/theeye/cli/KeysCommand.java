package io.theeye.cli;

import io.theeye.store.ClientRules;
import io.theeye.store.ClientStore.RateLimit;
import io.theeye.store.WriteKeyChanges;
import io.theeye.store.WriteKeyStore;
import io.theeye.store.WriteKeyStore.NewKey;
import io.theeye.store.WriteKeyStore.WriteKey;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
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
        name = "keys",
        description =
                "Manage write keys: public credentials of a client that may only send events, safe in a web page.",
        mixinStandardHelpOptions = true,
        synopsisSubcommandLabel = "(create | list | limit | revoke)")
class KeysCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a subcommand: create, list, limit or revoke");
    }

    @Command(
            name = "create",
            description = "Make a write key for a client and print it: it is shown this once, only its key_id later.",
            mixinStandardHelpOptions = true)
    static class Create implements Callable<Integer> {

        private final ContextLauncher launcher;

        @Spec
        private CommandSpec spec;

        @Option(names = "--client-id", required = true, description = "The client whose events the key sends.")
        private UUID clientId;

        @Option(names = "--name", description = "What the key is for, e.g. the web shop.")
        private String name;

        @Option(
                names = "--origin",
                paramLabel = "ORIGIN",
                description = "An origin browsers may send with the key from, e.g. https://shop.example; repeat for"
                        + " more. Without any, every origin may.")
        private List<String> origins = List.of();

        @ArgGroup(exclusive = false)
        private OwnLimit limit;

        @Option(names = "--json", description = "Print one JSON object instead of text.")
        private boolean json;

        Create(ContextLauncher launcher) {
            this.launcher = launcher;
        }

        @Override
        public Integer call() {
            String checkedName = ClientsCommand.checked(spec, () -> ClientRules.keyName(name));
            origins.forEach(origin -> ClientsCommand.checked(spec, () -> ClientRules.origin(origin)));
            RateLimit checkedLimit = limit == null ? null : limit.checked(spec);
            Optional<NewKey> created;
            try (ConfigurableApplicationContext context = launcher.tool()) {
                created = context.getBean(WriteKeyChanges.class)
                        .create(ClientsCommand.actor(), clientId, checkedName, origins, checkedLimit);
            }
            if (created.isEmpty()) {
                spec.commandLine().getErr().println("No active client " + clientId + ".");
                return 1;
            }
            NewKey key = created.get();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> object = new LinkedHashMap<>();
                object.put("write_key", key.key());
                object.putAll(summary(key.writeKey()));
                out.println(JsonMapper.shared().writeValueAsString(object));
            } else {
                out.println("write_key: " + key.key());
                out.println("key_id:    " + key.writeKey().keyId());
                out.println("client_id: " + key.writeKey().clientId());
                out.println("name:      " + key.writeKey().name());
                out.println("origins:   " + origins(key.writeKey()));
                out.println("limit:     " + describe(key.writeKey().rateLimit()));
            }
            return 0;
        }
    }

    /** A key's own rate limit, as {@code create} and {@code limit} take it. */
    static class OwnLimit {

        @Option(
                names = "--events-per-second",
                required = true,
                paramLabel = "N",
                description = "Events the key may send per second, 0 to 1000000, besides what its client may (0: no"
                        + " limit of its own).")
        int eventsPerSecond;

        @Option(
                names = "--burst",
                paramLabel = "M",
                description = "Most events it may send at once after a quiet spell, up to 1000000. Default: one"
                        + " second's worth.")
        Integer burst;

        RateLimit checked(CommandSpec spec) {
            return ClientsCommand.checked(spec, () -> ClientRules.rateLimit(eventsPerSecond, burst));
        }
    }

    @Command(
            name = "list",
            description = "List write keys, active and revoked, by key_id (the keys themselves are not kept).",
            mixinStandardHelpOptions = true)
    static class ListKeys implements Callable<Integer> {

        private final ContextLauncher launcher;

        @Spec
        private CommandSpec spec;

        @Option(names = "--client-id", description = "Only this client's keys.")
        private UUID clientId;

        @Option(names = "--json", description = "Print a JSON array instead of a table.")
        private boolean json;

        ListKeys(ContextLauncher launcher) {
            this.launcher = launcher;
        }

        @Override
        public Integer call() {
            List<WriteKey> keys;
            try (ConfigurableApplicationContext context = launcher.tool()) {
                WriteKeyStore store = context.getBean(WriteKeyStore.class);
                keys = clientId == null ? store.findAll() : store.findByClient(clientId);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(JsonMapper.shared()
                        .writeValueAsString(
                                keys.stream().map(KeysCommand::summary).toList()));
                return 0;
            }
            out.printf(
                    "%-11s  %-36s  %-8s  %-27s  %-20s  %-16s  %s%n",
                    "KEY_ID", "CLIENT_ID", "STATUS", "CREATED", "NAME", "RATE_LIMIT", "ORIGINS");
            for (WriteKey key : keys) {
                out.printf(
                        "%-11s  %-36s  %-8s  %-27s  %-20s  %-16s  %s%n",
                        key.keyId(),
                        key.clientId(),
                        key.active() ? "active" : "revoked",
                        key.createdAt(),
                        key.name().isEmpty() ? "-" : key.name(),
                        shortly(key.rateLimit()),
                        origins(key));
            }
            return 0;
        }
    }

    @Command(
            name = "limit",
            description = {
                "Give a write key a rate limit of its own, which its requests are held to besides their client's, or"
                        + " with --clear take it away. Running servers apply it within"
                        + " THE_EYE_AUTH_CLIENT_REFRESH_INTERVAL."
            },
            mixinStandardHelpOptions = true)
    static class Limit implements Callable<Integer> {

        private final ContextLauncher launcher;

        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "KEY", description = "The key's key_id (as keys list shows it), or the key itself.")
        private String key;

        @ArgGroup(multiplicity = "1")
        private Choice choice;

        static class Choice {

            @ArgGroup(exclusive = false)
            OwnLimit own;

            @Option(
                    names = "--clear",
                    required = true,
                    description = "Take the key's own limit away: only its client's applies.")
            boolean clear;
        }

        @Option(names = "--json", description = "Print one JSON object instead of text.")
        private boolean json;

        Limit(ContextLauncher launcher) {
            this.launcher = launcher;
        }

        @Override
        public Integer call() {
            RateLimit limit = choice.clear ? null : choice.own.checked(spec);
            Optional<WriteKey> changed;
            try (ConfigurableApplicationContext context = launcher.tool()) {
                WriteKeyChanges changes = context.getBean(WriteKeyChanges.class);
                changed = limit == null
                        ? changes.clearLimit(ClientsCommand.actor(), key.strip())
                        : changes.limit(ClientsCommand.actor(), key.strip(), limit);
            }
            if (changed.isEmpty()) {
                spec.commandLine().getErr().println("No active write key " + Revoke.shown(key.strip()) + ".");
                return 1;
            }
            WriteKey limited = changed.get();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> object = new LinkedHashMap<>();
                object.put("key_id", limited.keyId());
                object.put("client_id", limited.clientId().toString());
                object.put("rate_limit", rateLimit(limited));
                out.println(JsonMapper.shared().writeValueAsString(object));
            } else {
                out.println("Write key " + limited.keyId() + ": " + describe(limited.rateLimit()) + ".");
            }
            return 0;
        }
    }

    @Command(
            name = "revoke",
            description = "Revoke a write key: running servers refuse it within seconds.",
            mixinStandardHelpOptions = true)
    static class Revoke implements Callable<Integer> {

        private final ContextLauncher launcher;

        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "KEY", description = "The key's key_id (as keys list shows it), or the key itself.")
        private String key;

        Revoke(ContextLauncher launcher) {
            this.launcher = launcher;
        }

        @Override
        public Integer call() {
            Optional<WriteKey> revoked;
            try (ConfigurableApplicationContext context = launcher.tool()) {
                revoked = context.getBean(WriteKeyChanges.class).revoke(ClientsCommand.actor(), key.strip());
            }
            if (revoked.isEmpty()) {
                spec.commandLine().getErr().println("No active write key " + shown(key.strip()) + ".");
                return 1;
            }
            spec.commandLine().getOut().println("Write key " + revoked.get().keyId() + " revoked.");
            return 0;
        }

        /** A key's key_id rather than the whole key, which must not end up in a terminal's scroll-back twice. */
        static String shown(String key) {
            return key.length() > 11 ? key.substring(0, 11) + "..." : key;
        }
    }

    private static Map<String, Object> summary(WriteKey key) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("key_id", key.keyId());
        summary.put("client_id", key.clientId().toString());
        summary.put("name", key.name());
        summary.put("origins", key.origins());
        summary.put("created_at", key.createdAt().toString());
        summary.put(
                "revoked_at", key.revokedAt() == null ? null : key.revokedAt().toString());
        summary.put("rate_limit", rateLimit(key));
        return summary;
    }

    /** {@code {"events_per_second": N, "burst": M}}, as {@code clients limit} prints a client's, or null. */
    private static Map<String, Object> rateLimit(WriteKey key) {
        return key.rateLimit() == null ? null : ClientsCommand.Limit.object(key.rateLimit());
    }

    private static String describe(RateLimit limit) {
        return limit == null ? "only its client's rate limit applies" : limit.describe() + " (besides its client's)";
    }

    /** {@code 100/s up to 500}, {@code no limit}, or {@code -} for none of its own, for a table. */
    private static String shortly(RateLimit limit) {
        if (limit == null) {
            return "-";
        }
        if (limit.eventsPerSecond() == 0) {
            return "no limit";
        }
        return limit.eventsPerSecond() + "/s up to " + (limit.burst() > 0 ? limit.burst() : limit.eventsPerSecond());
    }

    private static String origins(WriteKey key) {
        return key.origins().isEmpty() ? "any" : String.join(" ", key.origins());
    }
}
