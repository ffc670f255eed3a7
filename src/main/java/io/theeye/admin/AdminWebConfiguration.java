package io.theeye.admin;

import io.micrometer.core.instrument.MeterRegistry;
import io.theeye.exporter.ExportLags;
import io.theeye.queue.BrokerDurability;
import io.theeye.queue.QueueProperties;
import io.theeye.store.EventFeed;
import io.theeye.store.ExportProgressStore;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.LiteWebJarsResourceResolver;

/**
 * The admin UI's parts, and where its assets come from: its own files and the chart library's WebJar, both in the
 * jar, both under {@code /admin} so that the admin chain alone serves them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class AdminWebConfiguration implements WebMvcConfigurer {

    /** The session cookie's name, as application.properties sets it. */
    static final String SESSION_COOKIE = "THE_EYE_ADMIN";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/admin/assets/**").addResourceLocations("classpath:/admin/assets/");
        registry.addResourceHandler("/admin/vendor/**")
                .addResourceLocations("classpath:/META-INF/resources/webjars/")
                .resourceChain(true)
                .addResolver(new LiteWebJarsResourceResolver());
    }

    @Bean
    LiveTail liveTail(EventFeed feed, AdminProperties properties) {
        return new LiveTail(feed, properties.tailPollInterval(), properties.tailMaxViewers(), properties.tailBuffer());
    }

    /** The export's lag as the dashboard shows it, read from the database. */
    @Bean
    ExportLags exportLags(EventFeed feed, ExportProgressStore progress, Clock clock) {
        return new ExportLags(feed, progress, clock);
    }

    @Bean
    SystemState systemState(
            MeterRegistry meters,
            QueueProperties queue,
            ObjectProvider<HealthContributorRegistry> health,
            ObjectProvider<BrokerDurability> durability) {
        return new SystemState(meters, queue, health, durability);
    }
}
