package io.theeye.store;

import io.theeye.store.AuditLog.Action;
import io.theeye.store.ClientStore.RateLimit;
import io.theeye.store.WriteKeyStore.NewKey;
import io.theeye.store.WriteKeyStore.WriteKey;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Write keys made, limited and revoked by people: each change is written with its row in the audit log, in one
 * transaction.
 */
public class WriteKeyChanges {

    private final WriteKeyStore keys;
    private final ClientStore clients;
    private final AuditLog audit;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;

    WriteKeyChanges(
            WriteKeyStore keys,
            ClientStore clients,
            AuditLog audit,
            TransactionTemplate transaction,
            ApplicationEventPublisher events) {
        this.keys = keys;
        this.clients = clients;
        this.audit = audit;
        this.transaction = transaction;
        this.events = events;
    }

    /** Makes a key for an active client without a rate limit of its own. */
    public Optional<NewKey> create(String actor, UUID clientId, String name, List<String> origins) {
        return create(actor, clientId, name, origins, null);
    }

    /**
     * Makes a key for an active client.
     *
     * @param origins the origins a browser may send with it from (each checked by {@link ClientRules#origin}, doubles
     *     dropped); empty: any
     * @param rateLimit the key's own limit (checked by {@link ClientRules#rateLimit}), held besides its client's, or
     *     null for none
     * @return empty when no active client has that id
     * @throws ClientRules.Violation when the name, an origin or the limit breaks the rules
     */
    public Optional<NewKey> create(
            String actor, UUID clientId, String name, List<String> origins, RateLimit rateLimit) {
        String checkedName = ClientRules.keyName(name);
        RateLimit checkedLimit = checked(rateLimit);
        List<String> checkedOrigins = List.copyOf(
                new LinkedHashSet<>(origins.stream().map(ClientRules::origin).toList()));
        Optional<NewKey> created = transaction.execute(status -> {
            if (clients.findById(clientId).filter(ClientStore.Client::active).isEmpty()) {
                return Optional.<NewKey>empty();
            }
            NewKey key = keys.create(clientId, checkedName, checkedOrigins, checkedLimit);
            audit.record(actor, Action.KEY_CREATED, clientId, describe(key.writeKey()));
            return Optional.of(key);
        });
        return committed(created);
    }

    /**
     * Revokes the key named by itself or its {@code key_id}: refused from then on.
     *
     * @return the key as it was, empty when no active key has that name
     */
    public Optional<WriteKey> revoke(String actor, String keyOrId) {
        return committed(transaction.execute(status -> {
            Optional<WriteKey> key = keys.find(keyOrId).filter(WriteKey::active);
            if (key.isEmpty() || !keys.revoke(key.get().keyId())) {
                return Optional.<WriteKey>empty();
            }
            audit.record(actor, Action.KEY_REVOKED, key.get().clientId(), describe(key.get()));
            return key;
        }));
    }

    /**
     * Gives the active key named by itself or its {@code key_id} a rate limit of its own (checked by
     * {@link ClientRules#rateLimit}), held besides its client's.
     *
     * @return the key as it now is, empty when no active key has that name
     */
    public Optional<WriteKey> limit(String actor, String keyOrId, RateLimit limit) {
        RateLimit checked = checked(limit);
        return setRateLimit(actor, keyOrId, checked, Action.KEY_RATE_LIMIT_SET, checked.describe());
    }

    /**
     * Takes the key's own rate limit away: only its client's applies again.
     *
     * @return the key as it now is, empty when no active key has that name
     */
    public Optional<WriteKey> clearLimit(String actor, String keyOrId) {
        return setRateLimit(actor, keyOrId, null, Action.KEY_RATE_LIMIT_CLEARED, "the client's limit only");
    }

    private Optional<WriteKey> setRateLimit(
            String actor, String keyOrId, RateLimit limit, Action action, String details) {
        return committed(transaction.execute(status -> {
            Optional<WriteKey> key = keys.find(keyOrId).filter(WriteKey::active);
            if (key.isEmpty() || !keys.setRateLimit(key.get().keyId(), limit)) {
                return Optional.<WriteKey>empty();
            }
            audit.record(actor, action, key.get().clientId(), "key " + key.get().keyId() + ": " + details);
            return keys.find(key.get().keyId());
        }));
    }

    private static RateLimit checked(RateLimit limit) {
        return limit == null ? null : ClientRules.rateLimit(limit.eventsPerSecond(), limit.burst());
    }

    private static String describe(WriteKey key) {
        return "key " + key.keyId() + (key.name().isEmpty() ? "" : ", name: " + key.name()) + ", origins: "
                + (key.origins().isEmpty() ? "any" : String.join(" ", key.origins()))
                + (key.rateLimit() == null
                        ? ""
                        : ", rate limit: " + key.rateLimit().describe());
    }

    /** Tells this process's cache of keys, once the change is committed, so that it need not wait to see it. */
    private <T> T committed(T result) {
        events.publishEvent(new WriteKeysChanged());
        return result;
    }

    /** Published in the process that changed a write key, after the change is committed. */
    public record WriteKeysChanged() {}
}
