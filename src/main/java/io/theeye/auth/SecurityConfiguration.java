package io.theeye.auth;

import io.theeye.store.ClientStore;
import io.theeye.store.WriteKeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's security: stateless, every request but health and the API document carries a client's JWT, CORS open
 * to every origin without credentials. A write key (HTTP Basic) may only send, which is {@code POST /events}, served
 * ahead of this chain: here it gets 403 {@code insufficient_scope}. It takes every request the admin UI's chain (under {@code /admin}) and the
 * metrics' chain do not, and never reads a session: an admin's cookie is worth nothing here.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class SecurityConfiguration {

    private static final String RETRY_COUNT = "X-Retry-Count";

    @Bean
    ClientRegistry clientRegistry(ClientStore store, AuthProperties properties) {
        return new ClientRegistry(store, properties);
    }

    @Bean
    ClientJwtDecoder clientJwtDecoder(ClientRegistry clients, Clock clock, AuthProperties properties) {
        return new ClientJwtDecoder(
                clients,
                clock,
                properties.clockSkew(),
                properties.maxTokenLifetime(),
                properties.verifiedTokensCached());
    }

    @Bean
    ClientUsage clientUsage(ClientStore store, Clock clock, AuthProperties properties) {
        return new ClientUsage(store, clock, properties.lastUsedWriteInterval());
    }

    @Bean
    ClientRateLimits clientRateLimits(ClientRegistry clients, WriteKeyRegistry keys) {
        return new ClientRateLimits(clients, keys);
    }

    @Bean
    WriteKeyRegistry writeKeyRegistry(WriteKeyStore store, AuthProperties properties) {
        return new WriteKeyRegistry(store, properties);
    }

    @Bean
    WriteKeyCheck writeKeyCheck(WriteKeyRegistry keys, ClientRegistry clients, ClientUsage usage) {
        return new WriteKeyCheck(keys, clients, usage);
    }

    @Bean
    BearerTokenCheck bearerTokenCheck(
            ClientJwtDecoder decoder, ClientRegistry clients, ClientUsage usage, WriteKeyCheck writeKeys) {
        return new BearerTokenCheck(decoder, clients, usage, writeKeys);
    }

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    SecurityFilterChain apiSecurity(
            HttpSecurity http,
            ClientJwtDecoder decoder,
            ClientRegistry clients,
            ClientUsage usage,
            WriteKeyCheck writeKeys,
            JsonMapper json)
            throws Exception {
        ClientBearerTokenResolver tokens = new ClientBearerTokenResolver();
        JsonAuthenticationEntryPoint entryPoint = new JsonAuthenticationEntryPoint(json);
        SendOnlyTokens sendOnly = new SendOnlyTokens(json);
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .cors(Customizer.withDefaults())
                .authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.OPTIONS, "/**")
                        .permitAll()
                        .requestMatchers(
                                "/actuator/health",
                                "/actuator/health/**",
                                "/error",
                                "/v3/api-docs",
                                "/v3/api-docs/**",
                                "/swagger-ui.html",
                                "/swagger-ui/**")
                        .permitAll()
                        .anyRequest()
                        .access(sendOnly))
                .oauth2ResourceServer(oauth -> oauth.jwt(jwt -> jwt.decoder(decoder)
                                .jwtAuthenticationConverter(ClientAuthentication.converter(clients, usage)))
                        // A write key (Basic) is WriteKeyFilter's.
                        .bearerTokenResolver(
                                request -> WriteKeyCheck.carriesWriteKey(request) ? null : tokens.resolve(request))
                        .authenticationEntryPoint(entryPoint))
                .addFilterBefore(new WriteKeyFilter(writeKeys, json), BearerTokenAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(sendOnly));
        return http.build();
    }

    /**
     * The API's CORS filter, used by the security filter chain (which looks for a bean of this name). Its preflight
     * answers name every allowed header, not only the ones a browser asked about.
     */
    @Bean
    CorsFilter corsFilter() {
        CorsFilter filter = new CorsFilter(corsConfiguration());
        filter.setCorsProcessor(new DefaultCorsProcessor() {
            @Override
            protected List<String> checkHeaders(CorsConfiguration config, List<String> requestHeaders) {
                return super.checkHeaders(config, requestHeaders) == null ? null : config.getAllowedHeaders();
            }
        });
        return filter;
    }

    /** The security filter chain runs the CORS filter; the servlet container must not run it a second time. */
    @Bean
    FilterRegistrationBean<CorsFilter> corsFilterRegistration(CorsFilter corsFilter) {
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(corsFilter);
        registration.setEnabled(false);
        return registration;
    }

    private static UrlBasedCorsConfigurationSource corsConfiguration() {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(List.of(CorsConfiguration.ALL));
        // PUT and DELETE: the admin clients' /schemas API, which browser tools may call too.
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE", "OPTIONS"));
        // X-Retry-Count: Segment's browser library sends it when it retries a message (after a 429, a 5xx or a network
        // error); a preflight refusing it would make every retry fail, and the message be lost. Content-Encoding: a
        // page may send its batches compressed, as the ingest paths take them.
        cors.setAllowedHeaders(List.of(
                HttpHeaders.AUTHORIZATION,
                ClientBearerTokenResolver.LEGACY_HEADER,
                HttpHeaders.CONTENT_TYPE,
                HttpHeaders.CONTENT_ENCODING,
                RETRY_COUNT));
        cors.setExposedHeaders(List.of(HttpHeaders.RETRY_AFTER, HttpHeaders.WWW_AUTHENTICATE));
        cors.setAllowCredentials(false);
        cors.setMaxAge(Duration.ofDays(1));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return source;
    }
}
