package io.theeye.auth;

import io.theeye.system.ApiException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lets the API's security filter chain know a write key (HTTP Basic) on the paths it guards, so that a valid key gets
 * what a send-only token gets there, 403 {@code insufficient_scope}, and a refused one 401 as a refused token does;
 * rather than every Basic request being called a malformed bearer token.
 */
final class WriteKeyFilter extends OncePerRequestFilter {

    private final WriteKeyCheck check;
    private final JsonMapper json;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    WriteKeyFilter(WriteKeyCheck check, JsonMapper json) {
        this.check = check;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!WriteKeyCheck.carriesWriteKey(request)) {
            chain.doFilter(request, response);
            return;
        }
        AuthenticatedClient client;
        try {
            client = check.authenticate(request, null);
        } catch (ApiException refusal) {
            response.setStatus(refusal.status().value());
            refusal.headers().forEach(response::setHeader);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            json.writeValue(response.getOutputStream(), refusal.body());
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(client, null, List.of()));
        contexts.setContext(context);
        chain.doFilter(request, response);
    }
}
