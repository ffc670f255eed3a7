package io.theeye.admin;

import io.theeye.event.FieldError;
import io.theeye.replay.RejectedReplay;
import io.theeye.replay.ReplayFilter;
import io.theeye.replay.ReplayReport;
import io.theeye.store.ClientStore;
import io.theeye.store.RejectedEventReads;
import io.theeye.store.RejectedFilter;
import io.theeye.store.StoredRejection;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Refused events: a list, newest first, and one with its errors and the raw event as it came. */
@Controller
@ConditionalOnWebApplication
class RejectedController {

    static final int PAGE_SIZE = 50;

    private final RejectedEventReads rejections;
    private final ClientStore clients;
    private final JsonMapper json;
    private final RejectedReplay replay;

    RejectedController(RejectedEventReads rejections, ClientStore clients, JsonMapper json, RejectedReplay replay) {
        this.rejections = rejections;
        this.clients = clients;
        this.json = json;
        this.replay = replay;
    }

    /** Replays the refused events the page lists: every client's, or the one it is filtered on. */
    @PostMapping("/admin/rejected/replay")
    String replay(@RequestParam(required = false) UUID client, Principal user, RedirectAttributes redirect) {
        ReplayFilter filter = new ReplayFilter(client, null, null, null, null);
        ReplayReport report = replay.replay(user.getName(), filter);
        redirect.addFlashAttribute("notice", "Replayed " + filter.describe() + ": " + report.summary() + ".");
        if (client != null) {
            redirect.addAttribute("client", client);
        }
        return "redirect:/admin/rejected";
    }

    @GetMapping("/admin/rejected")
    String list(@RequestParam(required = false) UUID client, @RequestParam(required = false) Long before, Model model) {
        List<StoredRejection> rows = rejections.newest(RejectedFilter.of(client), before, PAGE_SIZE);
        boolean more = rows.size() > PAGE_SIZE;
        List<StoredRejection> page = more ? rows.subList(0, PAGE_SIZE) : rows;
        model.addAttribute("rejected", page);
        model.addAttribute("errors", page.stream().collect(Collectors.toMap(StoredRejection::id, this::errors)));
        model.addAttribute("client", client);
        model.addAttribute("clients", clients.findAll());
        model.addAttribute("clientNames", names());
        Map<String, String> next = new LinkedHashMap<>();
        if (client != null) {
            next.put("client", client.toString());
        }
        if (more) {
            next.put("before", Long.toString(page.getLast().id()));
        }
        model.addAttribute("nextPage", more ? Formats.INSTANCE.link("/admin/rejected", next) : null);
        model.addAttribute("paged", before != null);
        return "admin/rejected";
    }

    @GetMapping("/admin/rejected/{id}")
    String one(@PathVariable long id, Model model, HttpServletResponse response) {
        return rejections
                .find(id)
                .map(rejected -> {
                    model.addAttribute("rejected", rejected);
                    model.addAttribute("fieldErrors", errors(rejected));
                    model.addAttribute(
                            "clientName", rejected.clientId() == null ? null : names().get(rejected.clientId()));
                    return "admin/rejected-event";
                })
                .orElseGet(() -> AdminErrors.notFound(model, response, "No refused event " + id));
    }

    private List<FieldError> errors(StoredRejection rejected) {
        try {
            return json.readValue(rejected.errors(), new TypeReference<List<FieldError>>() {});
        } catch (JacksonException e) {
            return List.of(new FieldError("errors", rejected.errors()));
        }
    }

    private Map<UUID, String> names() {
        return clients.findAll().stream()
                .collect(Collectors.toMap(ClientStore.Client::clientId, ClientStore.Client::name, (a, b) -> a));
    }
}
