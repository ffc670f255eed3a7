package io.theeye.admin;

import io.theeye.event.EventTimestamps;
import io.theeye.store.ClientRules;
import io.theeye.store.ClientStore;
import io.theeye.store.ClientStore.Client;
import io.theeye.store.DataCondition;
import io.theeye.store.DeletionFilter;
import io.theeye.store.EventDeletions;
import io.theeye.store.SuppressionStore;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A client's data page: deleting its events by filter, in two steps (a preview that counts what would go, then a
 * confirmation), and its suppressions. Each change is recorded in the audit log under the admin's name.
 */
@Controller
@ConditionalOnWebApplication
class DataController {

    private final ClientStore clients;
    private final EventDeletions deletions;
    private final SuppressionStore suppressions;

    DataController(ClientStore clients, EventDeletions deletions, SuppressionStore suppressions) {
        this.clients = clients;
        this.deletions = deletions;
        this.suppressions = suppressions;
    }

    /** The deletion form's fields, as the API names them; {@code sessionIds} one per line. */
    record DeletionForm(
            String sessionIds,
            String from,
            String to,
            String category,
            String name,
            String dataPath,
            String equalsValue) {

        static final DeletionForm EMPTY = new DeletionForm(null, null, null, null, null, null, null);

        DeletionFilter filter(UUID clientId) {
            List<String> sessions = sessionIds == null
                    ? List.of()
                    : Arrays.stream(sessionIds.split("\\R"))
                            .map(String::strip)
                            .filter(s -> !s.isEmpty())
                            .toList();
            DataCondition data = null;
            if (!blank(dataPath) || !blank(equalsValue)) {
                if (blank(dataPath) || blank(equalsValue)) {
                    throw ClientRules.violation(blank(dataPath) ? "data_path" : "equals", "required with the other");
                }
                data = DataCondition.of(dataPath, equalsValue.strip(), "data_path", "equals");
            }
            return new DeletionFilter(
                    clientId,
                    sessions,
                    instant("from", from),
                    instant("to", to),
                    blank(category) ? null : category,
                    blank(name) ? null : name,
                    data);
        }

        private static Instant instant(String field, String text) {
            try {
                return blank(text) ? null : EventTimestamps.parse(text.strip());
            } catch (DateTimeParseException e) {
                throw ClientRules.violation(field, EventTimestamps.EXPECTED);
            }
        }

        private static boolean blank(String text) {
            return text == null || text.isBlank();
        }
    }

    @GetMapping("/admin/clients/{clientId}/data")
    String page(@PathVariable UUID clientId, Model model, HttpServletResponse response) {
        Optional<Client> client = clients.findById(clientId);
        if (client.isEmpty()) {
            return AdminErrors.notFound(model, response, "No client " + clientId);
        }
        model.addAttribute("form", DeletionForm.EMPTY);
        return view(model, client.get());
    }

    /** The counts a deletion would make now, and its confirmation; posted, so that no filter lands in a URL or a log. */
    @PostMapping("/admin/clients/{clientId}/data/preview")
    String preview(
            @PathVariable UUID clientId,
            @ModelAttribute("form") DeletionForm form,
            Model model,
            HttpServletResponse response) {
        Optional<Client> client = clients.findById(clientId);
        if (client.isEmpty()) {
            return AdminErrors.notFound(model, response, "No client " + clientId);
        }
        try {
            model.addAttribute("preview", deletions.count(form.filter(clientId)));
        } catch (ClientRules.Violation e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("errors", List.of(e.field().replace('_', ' ') + ": " + e.problem()));
        }
        return view(model, client.get());
    }

    @PostMapping("/admin/clients/{clientId}/data/delete")
    String delete(
            @PathVariable UUID clientId,
            @ModelAttribute("form") DeletionForm form,
            Principal user,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        Optional<Client> client = clients.findById(clientId);
        if (client.isEmpty()) {
            return AdminErrors.notFound(model, response, "No client " + clientId);
        }
        DeletionFilter filter;
        try {
            filter = form.filter(clientId);
        } catch (ClientRules.Violation e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("errors", List.of(e.field().replace('_', ' ') + ": " + e.problem()));
            return view(model, client.get());
        }
        Optional<EventDeletions.Counts> deleted = deletions.delete(user.getName(), filter);
        redirect.addFlashAttribute(
                "notice",
                deleted.map(c -> "Deleted " + c.events() + " events and " + c.rejectedEvents() + " refused events.")
                        .orElse("Another process is removing events (expiry or a deletion): nothing was deleted;"
                                + " try again."));
        return "redirect:/admin/clients/" + clientId + "/data";
    }

    @PostMapping("/admin/clients/{clientId}/suppressions")
    String suppress(
            @PathVariable UUID clientId,
            @RequestParam(defaultValue = "") String sessionId,
            @RequestParam(defaultValue = "") String dataPath,
            @RequestParam(defaultValue = "") String equalsValue,
            Principal user,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        Optional<Client> client = clients.findById(clientId);
        if (client.isEmpty()) {
            return AdminErrors.notFound(model, response, "No client " + clientId);
        }
        SuppressionStore.Rule rule;
        try {
            if (!sessionId.isBlank() == !(dataPath.isBlank() && equalsValue.isBlank())) {
                throw ClientRules.violation("suppression", "a session id, or a data path with the value it equals");
            }
            rule = !sessionId.isBlank()
                    ? SuppressionStore.Rule.session(sessionId.strip())
                    : SuppressionStore.Rule.data(
                            DataCondition.of(dataPath, equalsValue.strip(), "data path", "equals"));
        } catch (ClientRules.Violation e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("errors", List.of(e.field().replace('-', ' ') + ": " + e.problem()));
            model.addAttribute("form", DeletionForm.EMPTY);
            return view(model, client.get());
        }
        Optional<SuppressionStore.Added> added = suppressions.add(user.getName(), clientId, rule);
        redirect.addFlashAttribute(
                "notice",
                added.filter(SuppressionStore.Added::created).isPresent()
                        ? "Suppressed " + rule.describe() + "."
                        : "Already suppressed: " + rule.describe() + ".");
        return "redirect:/admin/clients/" + clientId + "/data";
    }

    @PostMapping("/admin/clients/{clientId}/suppressions/{id}/remove")
    String unsuppress(@PathVariable UUID clientId, @PathVariable long id, Principal user, RedirectAttributes redirect) {
        Optional<SuppressionStore.Suppression> removed = suppressions.remove(user.getName(), clientId, id);
        redirect.addFlashAttribute(
                "notice",
                removed.map(s -> "Removed the suppression of " + s.rule().describe() + ": its events are let in again.")
                        .orElse("It was already removed."));
        return "redirect:/admin/clients/" + clientId + "/data";
    }

    private String view(Model model, Client client) {
        model.addAttribute("client", client);
        model.addAttribute("suppressions", suppressions.list(client.clientId()));
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", List.of());
        }
        return "admin/data";
    }
}
