package io.theeye.admin;

import io.theeye.store.ClientRules;
import io.theeye.store.ClientStore.RateLimit;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.function.Function;
import org.springframework.ui.Model;

/**
 * What the pages that change clients and write keys share: the rules' bounds for their forms' inputs, a rate limit
 * read from a form, and a refused form shown again with why.
 */
final class ChangeForms {

    private ChangeForms() {}

    /** The page's view, its model holding the rules' bounds, and no errors unless a refusal put some there. */
    static String page(Model model, String view) {
        model.addAttribute("longestName", ClientRules.LONGEST_NAME);
        model.addAttribute("mostEventsPerSecond", ClientRules.MOST_EVENTS_PER_SECOND);
        if (!model.containsAttribute("errors")) {
            model.addAttribute("errors", List.of());
        }
        return view;
    }

    /**
     * A rate limit from a form's fields, as a client's and a write key's forms have them (an empty burst: one second's
     * worth).
     *
     * @throws ClientRules.Violation naming the field the rules refuse
     */
    static RateLimit rateLimit(String eventsPerSecond, String burst) {
        return ClientRules.rateLimit(
                wholeNumber(ClientRules.EVENTS_PER_SECOND, eventsPerSecond),
                burst.isBlank() ? null : wholeNumber(ClientRules.BURST, burst));
    }

    /** A form's whole number, or the rules' refusal of the field. */
    private static int wholeNumber(String field, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ClientRules.notAWholeNumber(field);
        }
    }

    /**
     * The page again (400) with the rule's refusal, its field named as the page names it ({@code events per second}).
     */
    static String refused(
            Model model, HttpServletResponse response, ClientRules.Violation violation, Function<Model, String> page) {
        return refused(model, response, violation.field().replace('-', ' ') + ": " + violation.problem(), page);
    }

    /** The page again (400) with the error. */
    static String refused(Model model, HttpServletResponse response, String error, Function<Model, String> page) {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("errors", List.of(error));
        return page.apply(model);
    }
}
