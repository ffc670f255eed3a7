package io.theeye.store;

import io.theeye.store.AuditLog.Action;
import io.theeye.store.ClientStore.Client;
import io.theeye.store.ClientStore.RateLimit;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Changes to clients made by people, from the admin UI or the command line: each is written with its row in the
 * audit log, in one transaction, so that no change goes unrecorded and no record tells of a change that failed.
 */
public class ClientChanges {

    private final ClientStore clients;
    private final AuditLog audit;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;

    ClientChanges(
            ClientStore clients, AuditLog audit, TransactionTemplate transaction, ApplicationEventPublisher events) {
        this.clients = clients;
        this.audit = audit;
        this.transaction = transaction;
        this.events = events;
    }

    public Client create(String actor, String name, boolean readAll) {
        return create(actor, name, readAll, false);
    }

    /**
     * @param name stripped of surrounding white space before it is stored
     * @param admin whether the client may manage payload schemas through the API
     * @throws ClientRules.Violation when the name breaks {@link ClientRules#name}
     */
    public Client create(String actor, String name, boolean readAll, boolean admin) {
        String stripped = ClientRules.name(name);
        Client created = transaction.execute(status -> {
            Client client = clients.create(stripped, readAll, admin);
            audit.record(
                    actor,
                    Action.CREATED,
                    client.clientId(),
                    "name: " + stripped + (readAll ? ", reads all" : "") + (admin ? ", admin" : ""));
            return client;
        });
        return committed(created);
    }

    /**
     * See {@link ClientStore#rotate}; empty when there is no such client.
     *
     * @throws ClientRules.Violation when the grace period breaks {@link ClientRules#grace}
     */
    public Optional<Client> rotate(String actor, UUID clientId, Duration grace) {
        ClientRules.grace(grace);
        return committed(transaction.execute(status -> {
            Optional<Client> rotated = clients.rotate(clientId, grace);
            rotated.ifPresent(client -> audit.record(
                    actor,
                    Action.ROTATED,
                    clientId,
                    "previous secret accepted until "
                            + client.previousSecretExpiresAt().truncatedTo(ChronoUnit.SECONDS) + " (grace "
                            + grace.toString().substring(2).toLowerCase(Locale.ROOT) + ")"));
            return rotated;
        }));
    }

    /**
     * Gives the client a rate limit of its own (made by {@link ClientRules#rateLimit}), in place of the default.
     * Returns false when there is no client with that id.
     */
    public boolean limit(String actor, UUID clientId, RateLimit limit) {
        RateLimit checked = ClientRules.rateLimit(limit.eventsPerSecond(), limit.burst());
        return recorded(
                actor,
                Action.RATE_LIMIT_SET,
                clientId,
                checked.describe(),
                () -> clients.setRateLimit(clientId, checked));
    }

    /** Takes the client's own rate limit away: the default applies again. Returns false when there is no such client. */
    public boolean clearLimit(String actor, UUID clientId) {
        return recorded(
                actor,
                Action.RATE_LIMIT_CLEARED,
                clientId,
                "the default applies",
                () -> clients.setRateLimit(clientId, null));
    }

    /**
     * Gives the client a retention of its own, in days (checked by {@link ClientRules#retentionDays}), in place of the
     * default. Returns false when there is no client with that id.
     */
    public boolean setRetention(String actor, UUID clientId, int days) {
        int checked = ClientRules.retentionDays(days);
        return recorded(
                actor,
                Action.RETENTION_SET,
                clientId,
                "events kept " + checked + (checked == 1 ? " day" : " days"),
                () -> clients.setRetentionDays(clientId, checked));
    }

    /** Takes the client's own retention away: the default applies again. Returns false when there is no such client. */
    public boolean clearRetention(String actor, UUID clientId) {
        return recorded(
                actor,
                Action.RETENTION_CLEARED,
                clientId,
                "the default applies",
                () -> clients.setRetentionDays(clientId, null));
    }

    /** Returns false when no active client has that id. */
    public boolean revoke(String actor, UUID clientId) {
        return recorded(actor, Action.REVOKED, clientId, "", () -> clients.revoke(clientId));
    }

    /** Returns false when no revoked client has that id. */
    public boolean reactivate(String actor, UUID clientId) {
        return recorded(actor, Action.REACTIVATED, clientId, "", () -> clients.reactivate(clientId));
    }

    private boolean recorded(String actor, Action action, UUID clientId, String details, BooleanSupplier change) {
        return committed(Boolean.TRUE.equals(transaction.execute(status -> {
            boolean changed = change.getAsBoolean();
            if (changed) {
                audit.record(actor, action, clientId, details);
            }
            return changed;
        })));
    }

    /** Tells this process's cache of clients, once the change is committed, so that it need not wait to see it. */
    private <T> T committed(T result) {
        events.publishEvent(new ClientsChanged());
        return result;
    }

    /** Published in the process that changed a client, after the change is committed. */
    public record ClientsChanged() {}
}
