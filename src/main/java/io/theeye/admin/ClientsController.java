package io.theeye.admin;

import io.theeye.store.ClientChanges;
import io.theeye.store.ClientStore;
import io.theeye.store.ClientStore.Client;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Client credentials: the list, and creating, rotating, revoking and re-activating them. A new secret is shown once,
 * on the page the change redirects to, and never again.
 */
@Controller
@ConditionalOnWebApplication
class ClientsController {

    static final Duration LONGEST_GRACE = Duration.ofDays(365);

    private final ClientStore clients;
    private final ClientChanges changes;
    private final AdminProperties properties;
    private final Clock clock;

    ClientsController(ClientStore clients, ClientChanges changes, AdminProperties properties, Clock clock) {
        this.clients = clients;
        this.changes = changes;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping("/admin/clients")
    String list(Model model) {
        model.addAttribute("clients", clients.findAll().reversed());
        model.addAttribute("now", clock.instant());
        model.addAttribute("defaultGrace", text(properties.rotationGrace()));
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", List.of());
        }
        return "admin/clients";
    }

    @PostMapping("/admin/clients")
    String create(
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "false") boolean readAll,
            @RequestParam(defaultValue = "false") boolean admin,
            Principal user,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        String trimmed = name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 200) {
            return refused(model, response, "name: 1 to 200 characters");
        }
        Client client = changes.create(user.getName(), trimmed, readAll, admin);
        redirect.addFlashAttribute("secret", new NewSecret(client, "created"));
        return "redirect:/admin/clients";
    }

    @PostMapping("/admin/clients/{clientId}/rotate")
    String rotate(
            @PathVariable UUID clientId,
            @RequestParam(defaultValue = "") String grace,
            Principal user,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        Duration chosen;
        try {
            chosen = grace.isBlank() ? properties.rotationGrace() : DurationStyle.detectAndParse(grace.strip());
        } catch (IllegalArgumentException e) {
            return refused(model, response, "grace: a duration such as 90s, 15m, 24h or 7d");
        }
        if (chosen.isNegative() || chosen.compareTo(LONGEST_GRACE) > 0) {
            return refused(model, response, "grace: from 0s to 365d");
        }
        Optional<Client> rotated = changes.rotate(user.getName(), clientId, chosen);
        if (rotated.isEmpty()) {
            return AdminErrors.notFound(model, response, "No client " + clientId);
        }
        redirect.addFlashAttribute("secret", new NewSecret(rotated.get(), "rotated"));
        return "redirect:/admin/clients";
    }

    @PostMapping("/admin/clients/{clientId}/revoke")
    String revoke(@PathVariable UUID clientId, Principal user, RedirectAttributes redirect) {
        boolean done = changes.revoke(user.getName(), clientId);
        redirect.addFlashAttribute("notice", done ? "Client " + clientId + " revoked." : "It was already revoked.");
        return "redirect:/admin/clients";
    }

    @PostMapping("/admin/clients/{clientId}/reactivate")
    String reactivate(@PathVariable UUID clientId, Principal user, RedirectAttributes redirect) {
        boolean done = changes.reactivate(user.getName(), clientId);
        redirect.addFlashAttribute("notice", done ? "Client " + clientId + " re-activated." : "It was already active.");
        return "redirect:/admin/clients";
    }

    private String refused(Model model, HttpServletResponse response, String error) {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("errors", List.of(error));
        return list(model);
    }

    /** {@code 24h} rather than {@code PT24H}. */
    static String text(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    /**
     * A secret to show once.
     *
     * @param change {@code created} or {@code rotated}
     */
    record NewSecret(Client client, String change) {}
}
