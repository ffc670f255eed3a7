package io.theeye.admin;

import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * What every admin page shares: the signed-in user and the formats in the model, and errors as pages rather than
 * the API's JSON bodies.
 */
@ControllerAdvice(basePackageClasses = AdminErrors.class)
@ConditionalOnWebApplication
@Order(Ordered.HIGHEST_PRECEDENCE)
class AdminErrors {

    private static final Logger log = LoggerFactory.getLogger(AdminErrors.class);

    @ModelAttribute
    void common(Model model, Principal user) {
        model.addAttribute("fmt", Formats.INSTANCE);
        model.addAttribute("username", user == null ? null : user.getName());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    String badParameter(MethodArgumentTypeMismatchException e, Model model, HttpServletResponse response) {
        return page(model, response, HttpServletResponse.SC_BAD_REQUEST, e.getName() + ": not a valid value");
    }

    /** The browser left (a live tail's page closed, say): there is nobody to show a page to. */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void browserLeft() {}

    @ExceptionHandler(Exception.class)
    String failed(Exception e, Model model, HttpServletResponse response) {
        if (e instanceof ErrorResponse known) {
            return page(
                    model,
                    response,
                    known.getStatusCode().value(),
                    known.getBody().getDetail());
        }
        log.error("Admin page failed", e);
        return page(
                model, response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "The server failed to show this page.");
    }

    static String notFound(Model model, HttpServletResponse response, String message) {
        return page(model, response, HttpServletResponse.SC_NOT_FOUND, message);
    }

    static String page(Model model, HttpServletResponse response, int status, String message) {
        response.setStatus(status);
        model.addAttribute("status", status);
        model.addAttribute("message", message);
        return "admin/error";
    }
}
