package io.theeye.admin;

import io.theeye.store.AuditLog;
import io.theeye.store.ClientStore;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit log: who created, rotated, revoked or re-activated which client, and when; newest first. */
@Controller
@ConditionalOnWebApplication
class AuditController {

    static final int PAGE_SIZE = 100;

    private final AuditLog audit;
    private final ClientStore clients;

    AuditController(AuditLog audit, ClientStore clients) {
        this.audit = audit;
        this.clients = clients;
    }

    @GetMapping("/admin/audit")
    String list(@RequestParam(required = false) Long before, Model model) {
        List<AuditLog.Entry> rows = audit.page(before, PAGE_SIZE + 1);
        boolean more = rows.size() > PAGE_SIZE;
        List<AuditLog.Entry> page = more ? rows.subList(0, PAGE_SIZE) : rows;
        model.addAttribute("entries", page);
        model.addAttribute(
                "clientNames",
                clients.findAll().stream()
                        .collect(
                                Collectors.toMap(ClientStore.Client::clientId, ClientStore.Client::name, (a, b) -> a)));
        model.addAttribute(
                "nextPage",
                more
                        ? Formats.INSTANCE.link(
                                "/admin/audit",
                                Map.of("before", Long.toString(page.getLast().id())))
                        : null);
        model.addAttribute("paged", before != null);
        return "admin/audit";
    }
}
