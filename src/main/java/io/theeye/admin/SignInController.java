package io.theeye.admin;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The sign-in page; Spring Security checks what it posts. */
@Controller
@ConditionalOnWebApplication
class SignInController {

    @GetMapping(AdminSecurityConfiguration.SIGN_IN)
    String signIn(@RequestParam(required = false) Long wait, Model model) {
        model.addAttribute("wait", wait);
        return "admin/login";
    }
}
