package io.theeye.admin;

import io.theeye.ingest.RateLimitProperties;
import io.theeye.retention.RetentionProperties;
import io.theeye.store.ClientChanges;
import io.theeye.store.ClientRules;
import io.theeye.store.ClientStore;
import io.theeye.store.ClientStore.Client;
import io.theeye.store.ClientStore.RateLimit;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Client credentials: the list, and creating, rotating, revoking and re-activating them, their own rate limits and
 * their own retention. A
 * new secret is shown once, on the page the change redirects to, and never again.
 */
@Controller
@ConditionalOnWebApplication
class ClientsController {

    private final ClientStore clients;
    private final ClientChanges changes;
    private final AdminProperties properties;
    private final RateLimitProperties rateLimits;
    private final RetentionProperties retention;
    private final Clock clock;

    ClientsController(
            ClientStore clients,
            ClientChanges changes,
            AdminProperties properties,
            RateLimitProperties rateLimits,
            RetentionProperties retention,
            Clock clock) {
        this.clients = clients;
        this.changes = changes;
        this.properties = properties;
        this.rateLimits = rateLimits;
        this.retention = retention;
        this.clock = clock;
    }

    @GetMapping("/admin/clients")
    String list(Model model) {
        model.addAttribute("clients", clients.findAll().reversed());
        model.addAttribute("now", clock.instant());
        model.addAttribute("defaultGrace", text(properties.rotationGrace()));
        model.addAttribute(
                "defaultRateLimit", new RateLimit(rateLimits.eventsPerSecond(), rateLimits.burst()).describe());
        model.addAttribute("retentionDays", clients.retentionDays());
        model.addAttribute("defaultRetention", retention.events() == null ? "for ever" : days(retention.events()));
        model.addAttribute("longestRetentionDays", ClientRules.LONGEST_RETENTION_DAYS);
        return ChangeForms.page(model, "admin/clients");
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
        String stripped;
        try {
            stripped = ClientRules.name(name);
        } catch (ClientRules.Violation e) {
            return refused(model, response, e);
        }
        Client client = changes.create(user.getName(), stripped, readAll, admin);
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
            chosen = ClientRules.grace(grace.isBlank() ? properties.rotationGrace() : ClientRules.parseGrace(grace));
        } catch (ClientRules.Violation e) {
            return refused(model, response, e);
        }
        Optional<Client> rotated = changes.rotate(user.getName(), clientId, chosen);
        if (rotated.isEmpty()) {
            return AdminErrors.notFound(model, response, "No client " + clientId);
        }
        redirect.addFlashAttribute("secret", new NewSecret(rotated.get(), "rotated"));
        return "redirect:/admin/clients";
    }

    @PostMapping("/admin/clients/{clientId}/limit")
    String limit(
            @PathVariable UUID clientId,
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
        if (!changes.limit(user.getName(), clientId, limit)) {
            return AdminErrors.notFound(model, response, "No client " + clientId);
        }
        redirect.addFlashAttribute("notice", "Client " + clientId + ": " + limit.describe() + ".");
        return "redirect:/admin/clients";
    }

    @PostMapping("/admin/clients/{clientId}/limit/clear")
    String clearLimit(
            @PathVariable UUID clientId,
            Principal user,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        if (!changes.clearLimit(user.getName(), clientId)) {
            return AdminErrors.notFound(model, response, "No client " + clientId);
        }
        redirect.addFlashAttribute("notice", "Client " + clientId + ": the default rate limit applies.");
        return "redirect:/admin/clients";
    }

    @PostMapping("/admin/clients/{clientId}/retention")
    String retention(
            @PathVariable UUID clientId,
            @RequestParam(defaultValue = "") String days,
            Principal user,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        int kept;
        try {
            kept = ClientRules.retentionDays(wholeDays(days));
        } catch (ClientRules.Violation e) {
            return refused(model, response, e);
        }
        if (!changes.setRetention(user.getName(), clientId, kept)) {
            return AdminErrors.notFound(model, response, "No client " + clientId);
        }
        redirect.addFlashAttribute(
                "notice", "Client " + clientId + ": events kept " + kept + (kept == 1 ? " day." : " days."));
        return "redirect:/admin/clients";
    }

    @PostMapping("/admin/clients/{clientId}/retention/clear")
    String clearRetention(
            @PathVariable UUID clientId,
            Principal user,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        if (!changes.clearRetention(user.getName(), clientId)) {
            return AdminErrors.notFound(model, response, "No client " + clientId);
        }
        redirect.addFlashAttribute("notice", "Client " + clientId + ": the default retention applies.");
        return "redirect:/admin/clients";
    }

    private static int wholeDays(String days) {
        try {
            return Integer.parseInt(days.strip());
        } catch (NumberFormatException e) {
            throw ClientRules.notWholeDays();
        }
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

    private String refused(Model model, HttpServletResponse response, ClientRules.Violation violation) {
        return ChangeForms.refused(model, response, violation, this::list);
    }

    /** {@code 24h} rather than {@code PT24H}. */
    static String text(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    /** {@code 90d} rather than {@code PT2160H}, for a retention, which is usually days. */
    static String days(Duration duration) {
        return duration.toSeconds() % 86_400 == 0 && duration.toNanosPart() == 0
                ? duration.toDays() + "d"
                : text(duration);
    }

    /**
     * A secret to show once.
     *
     * @param change {@code created} or {@code rotated}
     */
    record NewSecret(Client client, String change) {}
}
