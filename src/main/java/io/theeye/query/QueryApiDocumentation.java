package io.theeye.query;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.math.BigDecimal;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The read API's query parameters in the OpenAPI document. The controllers read their parameters strictly from the
 * request (unknown ones are refused), so they are described here: which an endpoint takes and requires from
 * {@link ReadEndpoint}, the table the controllers check against, and what each means once, below.
 */
@Configuration(proxyBeanMethods = false)
class QueryApiDocumentation {

    /** A new parameter each time: the models are mutable and each operation gets its own. */
    private static Parameter parameter(String name, boolean required) {
        Parameter parameter = new Parameter().in("query").name(name).required(required);
        return switch (name) {
            case "session_id" ->
                parameter.description("Only this session's events.").schema(new StringSchema());
            case "category" ->
                parameter.description("Only events of this category.").schema(new StringSchema());
            case "name" -> parameter.description("Only events of this name.").schema(new StringSchema());
            case "from" ->
                parameter
                        .description("At or after this time (ISO-8601; naive is taken as UTC).")
                        .schema(new StringSchema().format("date-time"));
            case "to" ->
                parameter.description("Before this time (exclusive).").schema(new StringSchema().format("date-time"));
            case "limit" ->
                parameter
                        .description("Results per page.")
                        .schema(new IntegerSchema()
                                .minimum(BigDecimal.ONE)
                                .maximum(BigDecimal.valueOf(EventPager.MAX_LIMIT))
                                ._default(EventPager.DEFAULT_LIMIT));
            case "order" ->
                parameter
                        .description("asc: oldest first (default); desc: newest first.")
                        .schema(new StringSchema()._enum(List.of("asc", "desc")));
            case "cursor" ->
                parameter.description("The next value of the previous page.").schema(new StringSchema());
            case "client_id" ->
                parameter
                        .description("For clients created with --read-all: only this client's.")
                        .schema(new StringSchema().format("uuid"));
            case "format" ->
                parameter
                        .description("ndjson (default) or csv.")
                        .schema(new StringSchema()._enum(List.of("ndjson", "csv")));
            case "interval" ->
                parameter
                        .description("Bucket size (default hour).")
                        .schema(new StringSchema()._enum(List.of("minute", "hour", "day")));
            case "group_by" ->
                parameter
                        .description("What to count by: category (default), name, or category,name.")
                        .schema(new StringSchema());
            default -> throw new IllegalArgumentException(name);
        };
    }

    @Bean
    OpenApiCustomizer queryParameters() {
        return openApi -> {
            // The pages are written as their rows are read (PageStream), so no return type tells springdoc their shape.
            ModelConverters.getInstance().readAll(EventPage.class).forEach(openApi.getComponents()::addSchemas);
            Schema<?> view = openApi.getComponents().getSchemas().get("EventView");
            Schema<?> original = view.getProperties().get("original_timestamp");
            original.description(
                    "The timestamp as sent when it was corrected for the sender's clock (sent_at)," + " else null.");
            original.nullable(true);
            eventPage(openApi.getPaths().get(ReadEndpoint.EVENTS.path()));
            eventPage(openApi.getPaths().get(ReadEndpoint.SESSION_EVENTS.path()));
            for (ReadEndpoint endpoint : ReadEndpoint.values()) {
                PathItem path = openApi.getPaths().get(endpoint.path());
                if (path != null && path.getGet() != null) {
                    for (String name : endpoint.parameters()) {
                        path.getGet()
                                .addParametersItem(
                                        parameter(name, endpoint.required().contains(name)));
                    }
                }
            }
        };
    }

    /** The shape {@link PageStream} writes a page of events in. */
    record EventPage(List<EventView> results, String next) {}

    private static void eventPage(PathItem path) {
        if (path == null || path.getGet() == null) {
            return;
        }
        path.getGet()
                .getResponses()
                .addApiResponse(
                        "200",
                        new ApiResponse()
                                .description("One page of events; next is the cursor of the next page, null on the"
                                        + " last.")
                                .content(new Content()
                                        .addMediaType(
                                                "application/json",
                                                new MediaType()
                                                        .schema(new Schema<>()
                                                                .$ref("#/components/schemas/EventPage")))));
    }
}
