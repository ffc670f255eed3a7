package io.theeye.admin;

import io.theeye.store.ClientRules;
import io.theeye.store.ClientStore;
import io.theeye.store.ClientStore.Client;
import io.theeye.store.ClientStore.RateLimit;
import io.theeye.store.WriteKeyChanges;
import io.theeye.store.WriteKeyStore;
import io.theeye.store.WriteKeyStore.NewKey;
import io.theeye.store.WriteKeyStore.WriteKey;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Write keys, as {@code bin/the-eye keys} manages them: the list, making one (shown once, on the page the change
 * redirects to: only its hash is kept), giving one a rate limit of its own or taking it away, and revoking one.
 */
@Controller
@ConditionalOnWebApplication
class KeysController {

    private final WriteKeyStore keys;
    private final WriteKeyChanges changes;
    private final ClientStore clients;

    KeysController(WriteKeyStore keys, WriteKeyChanges changes, ClientStore clients) {
        this.keys = keys;
        this.changes = changes;
        this.clients = clients;
    }

    @GetMapping("/admin/keys")
    String list(Model model) {
        List<Client> all = clients.findAll();
        model.addAttribute("keys", keys.findAll().reversed());
        model.addAttribute(
                "clientNames", all.stream().collect(Collectors.toMap(Client::clientId, Client::name, (a, b) -> a)));
        model.addAttribute("activeClients", all.stream().filter(Client::active).toList());
        return ChangeForms.page(model, "admin/keys");
    }

    @PostMapping("/admin/keys")
    String create(
            @RequestParam(defaultValue = "") String clientId,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String origins,
            @RequestParam(defaultValue = "") String eventsPerSecond,
            @RequestParam(defaultValue = "") String burst,
            Principal user,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        UUID client;
        try {
            client = UUID.fromString(clientId.strip());
        } catch (IllegalArgumentException e) {
            return refused(model, response, "client: choose an active client");
        }
        Optional<NewKey> created;
        try {
            RateLimit limit =
                    eventsPerSecond.isBlank() && burst.isBlank() ? null : ChangeForms.rateLimit(eventsPerSecond, burst);
            created = changes.create(user.getName(), client, name, origins(origins), limit);
        } catch (ClientRules.Violation e) {
            return refused(model, response, e);
        }
        if (created.isEmpty()) {
            return refused(model, response, "client: no active client " + client);
        }
        redirect.addFlashAttribute("newKey", created.get());
        return "redirect:/admin/keys";
    }

    @PostMapping("/admin/keys/{keyId}/revoke")
    String revoke(@PathVariable String keyId, Principal user, RedirectAttributes redirect) {
        Optional<WriteKey> revoked = changes.revoke(user.getName(), keyId);
        redirect.addFlashAttribute(
                "notice",
                revoked.isPresent()
                        ? "Write key " + revoked.get().keyId() + " revoked."
                        : "No active write key " + keyId + ": it was already revoked.");
        return "redirect:/admin/keys";
    }

    @PostMapping("/admin/keys/{keyId}/limit")
    String limit(
            @PathVariable String keyId,
            @RequestParam(defaultValue = "") String eventsPerSecond,
            @RequestParam(defaultValue = "") String burst,
            Principal user,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        RateLimit limit;
        try {
            limit = ChangeForms.rateLimit(eventsPerSecond, burst);
        } catch (ClientRules.Violation e) {
            return refused(model, response, e);
        }
        Optional<WriteKey> limited = changes.limit(user.getName(), keyId, limit);
        if (limited.isEmpty()) {
            return AdminErrors.notFound(model, response, "No active write key " + keyId);
        }
        redirect.addFlashAttribute(
                "notice", "Write key " + keyId + ": " + limit.describe() + ", besides its client's limit.");
        return "redirect:/admin/keys";
    }

    @PostMapping("/admin/keys/{keyId}/limit/clear")
    String clearLimit(
            @PathVariable String keyId,
            Principal user,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        if (changes.clearLimit(user.getName(), keyId).isEmpty()) {
            return AdminErrors.notFound(model, response, "No active write key " + keyId);
        }
        redirect.addFlashAttribute("notice", "Write key " + keyId + ": only its client's rate limit applies.");
        return "redirect:/admin/keys";
    }

    /** One origin a line, or separated by commas or spaces, as people paste them. */
    private static List<String> origins(String text) {
        return Arrays.stream(text.split("[\\s,]+"))
                .filter(origin -> !origin.isEmpty())
                .toList();
    }

    private String refused(Model model, HttpServletResponse response, ClientRules.Violation violation) {
        return ChangeForms.refused(model, response, violation, this::list);
    }

    private String refused(Model model, HttpServletResponse response, String error) {
        return ChangeForms.refused(model, response, error, this::list);
    }
}
