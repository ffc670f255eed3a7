package io.theeye.cli;

import io.theeye.store.ClientRules;
import io.theeye.store.ClientStore.RateLimit;
import io.theeye.store.WriteKeyChanges;
import io.theeye.store.WriteKeyStore;
import io.theeye.store.WriteKeyStore.NewKey;
import io.theeye.store.WriteKeyStore.WriteKey;
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
        name = "keys",
        description =
                "Manage write keys: public credentials of a client that may only send events, safe in a web page.",
        synopsisSubcommandLabel = "(create | list | limit | revoke)",
        subcommands = {
            KeysCommand.Create.class,
            KeysCommand.ListKeys.class,
            KeysCommand.Limit.class,
            KeysCommand.Revoke.class
        })
class KeysCommand extends CommandGroup {

    @Command(
            name = "create",
            description = "Make a write key for a client and print it: it is shown this once, only its key_id later.",
            mixinStandardHelpOptions = true)
    static class Create implements Callable<Integer> {

        @Mixin
        private Tool tool;

        @Mixin
        private JsonOutput.OneObject json;

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

        @Override
        public Integer call() {
            String checkedName = tool.checked(() -> ClientRules.keyName(name));
            origins.forEach(origin -> tool.checked(() -> ClientRules.origin(origin)));
            RateLimit checkedLimit = limit == null ? null : limit.checked(tool);
            Optional<NewKey> created = tool.with(
                    WriteKeyChanges.class,
                    changes -> changes.create(Tool.actor(), clientId, checkedName, origins, checkedLimit));
            if (created.isEmpty()) {
                return tool.missing("No active client " + clientId + ".");
            }
            NewKey key = created.get();
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("write_key", key.key());
            object.putAll(summary(key.writeKey()));
            return json.print(() -> object, out -> {
                out.println("write_key: " + key.key());
                out.println("key_id:    " + key.writeKey().keyId());
                out.println("client_id: " + key.writeKey().clientId());
                out.println("name:      " + key.writeKey().name());
                out.println("origins:   " + origins(key.writeKey()));
                out.println("limit:     " + describe(key.writeKey().rateLimit()));
            });
        }
    }

    /** A key's own rate limit, as {@code create} and {@code limit} take it. */
    static class OwnLimit extends RateLimitOptions {

        @Option(
                names = "--events-per-second",
                required = true,
                paramLabel = "N",
                description = "Events the key may send per second, 0 to " + ClientRules.MOST_EVENTS_PER_SECOND
                        + ", besides what its client may (0: no" + " limit of its own).")
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

    @Command(
            name = "list",
            description = "List write keys, active and revoked, by key_id (the keys themselves are not kept).",
            mixinStandardHelpOptions = true)
    static class ListKeys implements Callable<Integer> {

        @Mixin
        private Tool tool;

        @Mixin
        private JsonOutput.Table json;

        @Option(names = "--client-id", description = "Only this client's keys.")
        private UUID clientId;

        @Override
        public Integer call() {
            List<WriteKey> keys = tool.with(
                    WriteKeyStore.class, store -> clientId == null ? store.findAll() : store.findByClient(clientId));
            return json.print(() -> keys.stream().map(KeysCommand::summary).toList(), out -> {
                String format = "%-11s  %-36s  %-8s  %-27s  %-20s  %-16s  %s%n";
                out.printf(format, "KEY_ID", "CLIENT_ID", "STATUS", "CREATED", "NAME", "RATE_LIMIT", "ORIGINS");
                for (WriteKey key : keys) {
                    out.printf(
                            format,
                            key.keyId(),
                            key.clientId(),
                            key.active() ? "active" : "revoked",
                            key.createdAt(),
                            key.name().isEmpty() ? "-" : key.name(),
                            shortly(key.rateLimit()),
                            origins(key));
                }
            });
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

        @Mixin
        private Tool tool;

        @Mixin
        private JsonOutput.OneObject json;

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

        @Override
        public Integer call() {
            RateLimit limit = choice.clear ? null : choice.own.checked(tool);
            Optional<WriteKey> changed = tool.with(
                    WriteKeyChanges.class,
                    changes -> limit == null
                            ? changes.clearLimit(Tool.actor(), key.strip())
                            : changes.limit(Tool.actor(), key.strip(), limit));
            if (changed.isEmpty()) {
                return tool.missing("No active write key " + shown(key.strip()) + ".");
            }
            WriteKey limited = changed.get();
            return json.print(
                    () -> JsonOutput.object(
                            "key_id", limited.keyId(),
                            "client_id", limited.clientId().toString(),
                            "rate_limit", RateLimitOptions.json(limited.rateLimit())),
                    out -> out.println("Write key " + limited.keyId() + ": " + describe(limited.rateLimit()) + "."));
        }
    }

    @Command(
            name = "revoke",
            description = "Revoke a write key: running servers refuse it within seconds.",
            mixinStandardHelpOptions = true)
    static class Revoke implements Callable<Integer> {

        @Mixin
        private Tool tool;

        @Parameters(paramLabel = "KEY", description = "The key's key_id (as keys list shows it), or the key itself.")
        private String key;

        @Override
        public Integer call() {
            Optional<WriteKey> revoked =
                    tool.with(WriteKeyChanges.class, changes -> changes.revoke(Tool.actor(), key.strip()));
            return revoked.isPresent()
                    ? tool.done("Write key " + revoked.get().keyId() + " revoked.")
                    : tool.missing("No active write key " + shown(key.strip()) + ".");
        }
    }

    /** A key's key_id rather than the whole key, which must not end up in a terminal's scroll-back twice. */
    static String shown(String key) {
        return key.length() > 11 ? key.substring(0, 11) + "..." : key;
    }

    private static Map<String, Object> summary(WriteKey key) {
        return JsonOutput.object(
                "key_id", key.keyId(),
                "client_id", key.clientId().toString(),
                "name", key.name(),
                "origins", key.origins(),
                "created_at", key.createdAt().toString(),
                "revoked_at", key.revokedAt() == null ? null : key.revokedAt().toString(),
                "rate_limit", RateLimitOptions.json(key.rateLimit()));
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
