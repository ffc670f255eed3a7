package io.theeye.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;

/** The page a refused request is forwarded to, whatever its method: a form posted without its CSRF token, say. */
@Controller
@ConditionalOnWebApplication
class DeniedController {

    @RequestMapping(AdminSecurityConfiguration.DENIED)
    String denied(HttpServletRequest request, Model model, HttpServletResponse response) {
        boolean csrf = request.getAttribute(WebAttributes.ACCESS_DENIED_403) instanceof CsrfException;
        return AdminErrors.page(
                model,
                response,
                HttpServletResponse.SC_FORBIDDEN,
                csrf
                        ? "Refused: the form did not carry a valid CSRF token (it may be older than your session)."
                                + " Reload the page and try again."
                        : "Refused: you may not do this.");
    }
}
