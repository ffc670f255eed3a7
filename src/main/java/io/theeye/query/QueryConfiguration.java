package io.theeye.query;

import io.theeye.store.EventReads;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class QueryConfiguration {

    @Bean
    EventExport eventExport(EventReads events, JsonMapper json, QueryProperties properties) {
        return new EventExport(
                events, json, properties.maxConcurrentExports(), properties.maxConcurrentExportsPerClient());
    }

    /** Every read path's answer is bounded in time, so that a slow reader cannot hold its connection. */
    @Bean
    FilterRegistrationBean<ResponseDeadline> responseDeadline(QueryProperties properties) {
        FilterRegistrationBean<ResponseDeadline> registration = new FilterRegistrationBean<>(
                new ResponseDeadline(properties.writeTimeout(), properties.exportTimeout()));
        registration.setName("responseDeadline");
        registration.setUrlPatterns(
                List.of("/events", "/events/*", "/sessions/*", "/rejected-events", "/rejected-events/*", "/stats"));
        // Around Spring Security and MVC, so that an answer written by either is bounded too.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
