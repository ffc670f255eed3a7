package io.theeye.retention;

import io.theeye.store.ClientStore;
import io.theeye.store.EventExpiry;
import io.theeye.store.MaintenanceLock;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Expiry on demand in every process ({@code retention run}), and in the background in {@code serve} only: every
 * deployment has a {@code serve}, workers are optional and commands short-lived. Several {@code serve} processes
 * share the work through the maintenance lock.
 */
@Configuration(proxyBeanMethods = false)
class RetentionConfiguration {

    @Bean
    Retention retention(
            RetentionProperties settings, ClientStore clients, EventExpiry expiry, MaintenanceLock lock, Clock clock) {
        return new Retention(settings, clients, expiry, lock, clock);
    }

    @Bean
    @ConditionalOnWebApplication
    ExpiryTask expiryTask(Retention retention, RetentionProperties settings) {
        return new ExpiryTask(retention, settings);
    }
}
