package io.theeye.auth;

import io.theeye.system.MetricsProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The metrics' security, apart from the API's: {@code /actuator/prometheus} takes the metrics token
 * ({@code the-eye.metrics.token}) when one is set, and is open when none is. Never a client's JWT, never a session.
 * The endpoint's matcher follows it to the management port when the actuator is moved there.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class MetricsSecurityConfiguration {

    /** Ahead of the API's chain, which takes every request no other chain takes. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    SecurityFilterChain metricsSecurity(HttpSecurity http, MetricsProperties metrics, JsonMapper json)
            throws Exception {
        http.securityMatcher(EndpointRequest.to("prometheus"))
                .csrf(AbstractHttpConfigurer::disable)
                .cors(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
        if (metrics.tokenRequired()) {
            http.addFilterBefore(new MetricsTokenFilter(metrics.token(), json), AuthorizationFilter.class);
        }
        return http.build();
    }
}
