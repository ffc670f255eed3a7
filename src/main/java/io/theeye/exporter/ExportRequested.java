package io.theeye.exporter;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * The process is {@code the-eye exporter} ({@code the-eye.exporter.enabled}, which only that command sets) and a
 * destination is set: nowhere else is anything of the export made or loaded.
 */
final class ExportRequested implements Condition {

    /** Not a setting: the exporter command sets it for its own process. */
    static final String EXPORTER_PROCESS = "the-eye.exporter.enabled";

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return context.getEnvironment().getProperty(EXPORTER_PROCESS, Boolean.class, false)
                && StringUtils.hasText(context.getEnvironment().getProperty("the-eye.export.to"));
    }
}
