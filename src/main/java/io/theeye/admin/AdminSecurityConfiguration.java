package io.theeye.admin;

import io.theeye.auth.PasswordHashing;
import io.theeye.store.SignInAttempts;
import io.theeye.store.UserStore;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The admin UI's security, apart from the API's: everything under {@code /admin} needs a signed-in admin (form
 * sign-in, a session cookie, CSRF tokens on every form) and never looks at a bearer token, which the API's chain
 * alone reads. The session cookie's attributes (HttpOnly, SameSite=Strict, path {@code /admin}) are set in
 * application.properties; the servlet container adds Secure to it when the request came over HTTPS.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class AdminSecurityConfiguration {

    static final String SIGN_IN = "/admin/login";
    static final String DENIED = "/admin/denied";

    /**
     * Everything comes from this server: no inline script (the pages' scripts are files), no framing, no form posted
     * elsewhere. uPlot sizes its canvas through the style property, which a style-src policy does not restrict.
     */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
            + " frame-ancestors 'none'";

    @Bean
    SignInThrottle signInThrottle(SignInAttempts attempts, Clock clock) {
        return new SignInThrottle(attempts, clock);
    }

    /** A bean, so that tests can count how often a password is checked. */
    @Bean
    PasswordEncoder adminPasswordEncoder() {
        return PasswordHashing.encoder();
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain adminSecurity(
            HttpSecurity http, UserStore users, SignInThrottle throttle, PasswordEncoder passwordEncoder)
            throws Exception {
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(new AdminUsers(users));
        passwords.setPasswordEncoder(passwordEncoder);
        AccessDeniedHandlerImpl denied = new AccessDeniedHandlerImpl();
        denied.setErrorPage(DENIED);
        http.securityMatcher("/admin/**")
                .authenticationManager(new ProviderManager(new ThrottledAuthenticationProvider(passwords, throttle)))
                .cors(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .authorizeHttpRequests(
                        requests -> requests.requestMatchers(SIGN_IN, DENIED, "/admin/assets/**", "/admin/vendor/**")
                                .permitAll()
                                .anyRequest()
                                .hasRole(AdminUsers.ROLE))
                .formLogin(form -> form.loginPage(SIGN_IN)
                        .loginProcessingUrl(SIGN_IN)
                        .defaultSuccessUrl("/admin", false)
                        .failureHandler(failures()))
                .logout(logout -> logout.logoutUrl("/admin/logout")
                        .logoutSuccessUrl(SIGN_IN + "?signed-out")
                        .deleteCookies(AdminWebConfiguration.SESSION_COOKIE))
                // No invalid-session page: with one, a form posted without its CSRF token would be taken for an
                // expired session and redirected there instead of refused.
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .exceptionHandling(exceptions -> exceptions.accessDeniedHandler(denied))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(
                                referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    /** Says why a sign-in failed without saying whether the user exists. */
    private static AuthenticationFailureHandler failures() {
        return (request, response, failure) -> {
            String query = failure instanceof ThrottledAuthenticationProvider.TooManyFailures tooMany
                    ? "?wait=" + tooMany.waitSeconds()
                    : "?error";
            response.sendRedirect(request.getContextPath() + SIGN_IN + query);
        };
    }
}
