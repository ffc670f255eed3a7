package io.theeye.exporter;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.theeye.export.Compression;
import io.theeye.export.Destination;
import io.theeye.export.Destinations;
import io.theeye.export.ParquetEventWriter;
import io.theeye.export.S3Settings;
import io.theeye.fleet.ProcessStatus;
import io.theeye.store.EventFeed;
import io.theeye.store.ExportProgressStore;
import io.theeye.system.MetricsProperties;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Clock;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** The exporter, in {@code the-eye exporter}'s process only. */
@Configuration(proxyBeanMethods = false)
@Conditional(ExportRequested.class)
class ExporterConfiguration {

    @Bean
    ExportMetrics exportMetrics(MeterRegistry meters) {
        return new ExportMetrics(meters);
    }

    @Bean
    Exporter exporter(
            ExporterProperties settings,
            EventFeed feed,
            ExportProgressStore progress,
            ExportMetrics metrics,
            ProcessStatus status,
            Clock clock,
            ObjectProvider<DestinationWrapper> wrapper) {
        Destination destination = wrapper.getIfAvailable(() -> opened -> opened)
                .wrap(Destinations.open(URI.create(settings.to().strip()), s3(settings)));
        String holder = holder();
        BatchExport batches = new BatchExport(
                feed,
                progress,
                destination,
                new ParquetEventWriter(Compression.parse(settings.compression())),
                metrics,
                clock,
                holder,
                settings.batchEvents());
        return new Exporter(
                batches,
                progress,
                new LagProbe(new ExportLags(feed, progress, clock), metrics),
                metrics,
                status,
                clock,
                holder,
                settings.interval(),
                settings.lease(),
                destination);
    }

    /** Only with a port: a scrape of the exporter's own meters. */
    @Bean
    @ConditionalOnExpression("${the-eye.export.metrics-port:0} > 0")
    MetricsServer exportMetricsServer(
            PrometheusMeterRegistry registry, MetricsProperties access, ExporterProperties settings) {
        return new MetricsServer(registry, access, settings.metricsPort());
    }

    private static S3Settings s3(ExporterProperties settings) {
        return S3Settings.of(
                settings.s3().endpoint(), settings.s3().region(), settings.s3().pathStyle());
    }

    /** Who holds the lease, as logs and the table show it: pid@host, then a new id for each start. */
    private static String holder() {
        return ManagementFactory.getRuntimeMXBean().getName() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
    }
}
