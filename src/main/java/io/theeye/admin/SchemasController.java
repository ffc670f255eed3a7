package io.theeye.admin;

import io.theeye.event.Event;
import io.theeye.event.FieldError;
import io.theeye.schema.InvalidSchemaException;
import io.theeye.schema.PayloadSchemas;
import io.theeye.store.SchemaStore.Version;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Payload schemas: the event types that have one, a type's versions, saving a new version and deleting. Types are
 * named by query parameters, not path segments: a category or name may hold a slash.
 */
@Controller
@ConditionalOnWebApplication
class SchemasController {

    private final PayloadSchemas schemas;

    SchemasController(PayloadSchemas schemas) {
        this.schemas = schemas;
    }

    @GetMapping("/admin/schemas")
    String list(Model model) {
        model.addAttribute("schemas", schemas.list());
        model.addAttribute("maxTypeLength", Event.MAX_TEXT_LENGTH);
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", List.of());
        }
        return "admin/schemas";
    }

    @GetMapping("/admin/schemas/type")
    String type(@RequestParam String category, @RequestParam String name, Model model, HttpServletResponse response) {
        List<Version> history = schemas.history(category, name);
        if (history.isEmpty()) {
            return AdminErrors.notFound(
                    model, response, "No schema was ever registered for " + category + " / " + name);
        }
        model.addAttribute("category", category);
        model.addAttribute("name", name);
        model.addAttribute("history", history);
        model.addAttribute("current", history.getFirst().deleted() ? null : history.getFirst());
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", List.of());
        }
        return "admin/schema";
    }

    @PostMapping("/admin/schemas")
    String save(
            @RequestParam(defaultValue = "") String category,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String schema,
            Principal user,
            Model model,
            HttpServletResponse response,
            RedirectAttributes redirect) {
        PayloadSchemas.Saved saved;
        try {
            saved = schemas.save(user.getName(), category, name, schema);
        } catch (InvalidSchemaException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute(
                    "errors",
                    e.errors().stream().map(SchemasController::describe).toList());
            model.addAttribute("draft", new Draft(category, name, schema));
            return list(model);
        }
        redirect.addFlashAttribute(
                "notice",
                saved.created()
                        ? "Saved version " + saved.version().version() + "."
                        : "Unchanged: it is version " + saved.version().version() + ".");
        redirect.addAttribute("category", category);
        redirect.addAttribute("name", name);
        return "redirect:/admin/schemas/type";
    }

    @PostMapping("/admin/schemas/delete")
    String delete(
            @RequestParam String category, @RequestParam String name, Principal user, RedirectAttributes redirect) {
        redirect.addFlashAttribute(
                "notice",
                schemas.delete(user.getName(), category, name)
                        .map(version -> "Deleted the schema of " + category + " / " + name + " (version "
                                + version.version() + " records it); its events are no longer checked.")
                        .orElse("It had no schema."));
        return "redirect:/admin/schemas";
    }

    private static String describe(FieldError error) {
        return error.field() + ": " + error.message();
    }

    /** What the form held when it was refused, to show it again. */
    record Draft(String category, String name, String schema) {}
}
