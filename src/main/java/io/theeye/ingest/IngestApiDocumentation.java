package io.theeye.ingest;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.theeye.event.Event;
import io.theeye.event.FieldErrors;
import io.theeye.event.StorableNumber;
import io.theeye.system.OpenApiResponses;
import io.theeye.validation.ValidationProperties;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code POST /events} in the OpenAPI document. It is served by a filter ahead of Spring MVC (see {@link
 * IngestEndpoint}), which springdoc does not see, so the operation is described here in full.
 */
@Configuration(proxyBeanMethods = false)
class IngestApiDocumentation {

    /** The limits are the settings the controller and parser check, not copies of their defaults. */
    @Bean
    OpenApiCustomizer ingestBody(IngestProperties limits, ValidationProperties rules) {
        return openApi -> {
            ModelConverters.getInstance().read(IngestResponse.class).forEach(openApi.getComponents()::addSchemas);
            openApi.getComponents().addSchemas("EventInput", eventSchema(rules));
            for (String path : List.of("/events", "/events/")) {
                PathItem item = openApi.getPaths().computeIfAbsent(path, p -> new PathItem());
                item.setPost(describe(new Operation(), limits));
            }
        };
    }

    private static Operation describe(Operation post, IngestProperties limits) {
        Schema<?> event = new Schema<>().$ref("#/components/schemas/EventInput");
        Schema<?> body = new ComposedSchema()
                .addOneOfItem(event)
                .addOneOfItem(new ArraySchema().items(event).minItems(1).maxItems(limits.maxBatchEvents()));
        Schema<?> answer = new Schema<>().$ref("#/components/schemas/IngestResponse");
        post.operationId("ingest")
                .addTagsItem("events")
                .responses(new ApiResponses())
                .summary("Store one event or a batch of up to " + limits.maxBatchEvents())
                .description("Answers 202 once the accepted events are committed; invalid events are listed by index"
                        + " and kept in rejected_events.")
                .requestBody(new RequestBody()
                        .required(true)
                        .content(new Content().addMediaType("application/json", new MediaType().schema(body))));
        post.getResponses()
                .addApiResponse(
                        "202",
                        new ApiResponse()
                                .description("Accepted and stored; rejected lists the invalid events of a batch.")
                                .content(
                                        new Content().addMediaType("application/json", new MediaType().schema(answer))))
                .addApiResponse(
                        "400",
                        new ApiResponse()
                                .description(
                                        "No event is valid (same body as 202), or the body is not JSON or too many events."
                                                + " Each refused event has at most " + FieldErrors.MAX_ERRORS
                                                + " errors (" + FieldErrors.MAX_STORED_BYTES
                                                + " bytes as JSON), each path at most "
                                                + FieldErrors.MAX_PATH_LENGTH + " characters.")
                                .content(
                                        new Content().addMediaType("application/json", new MediaType().schema(answer))))
                .addApiResponse(
                        "413",
                        OpenApiResponses.error(
                                "The body is over " + limits.maxBodySize().toBytes()
                                        + " bytes, as sent or once inflated (Content-Encoding gzip or deflate)."))
                .addApiResponse(
                        "408",
                        OpenApiResponses.error("The body did not arrive in full within "
                                + limits.bodyTimeout().toSeconds() + " s; the connection is closed."))
                .addApiResponse(
                        "401",
                        OpenApiResponses.error("Missing or refused token; WWW-Authenticate says why in general terms."))
                .addApiResponse(
                        "415",
                        OpenApiResponses.error(
                                "Content-Type is not JSON, or Content-Encoding is none of gzip, deflate, identity."))
                .addApiResponse(
                        "429",
                        OpenApiResponses.error("The client, or the write key the request came with, sent more events"
                                + " than its rate limit allows; retry after Retry-After seconds."))
                .addApiResponse(
                        "503",
                        OpenApiResponses.error("The events could not be stored now; retry after Retry-After seconds."));
        return post;
    }

    private static Schema<?> eventSchema(ValidationProperties rules) {
        return new ObjectSchema()
                .description("An event. No other fields are allowed.")
                .addProperty("id", new StringSchema().format("uuid").description("Optional; makes retries idempotent."))
                .addProperty("session_id", new StringSchema().minLength(1).maxLength(Event.MAX_TEXT_LENGTH))
                .addProperty("category", new StringSchema().minLength(1).maxLength(Event.MAX_TEXT_LENGTH))
                .addProperty("name", new StringSchema().minLength(1).maxLength(Event.MAX_TEXT_LENGTH))
                .addProperty(
                        "data",
                        new ObjectSchema()
                                .description("Free-form, at most "
                                        + rules.maxDataSize().toBytes() + " bytes serialised (UTF-8) as stored,"
                                        + " numbers written out in full (1E+900 counts 901 bytes). No text with NUL"
                                        + " or an unpaired surrogate; no number longer than "
                                        + StorableNumber.MAX_PLAIN_LENGTH + " characters written out in full"
                                        + " (1E+999 is 1000). Numbers are stored exactly, written out in full."))
                .addProperty(
                        "timestamp",
                        new StringSchema()
                                .description(
                                        "ISO-8601 with Z or an offset, or naive YYYY-MM-DD HH:MM:SS[.ffffff] taken as UTC;"
                                                + " not in the future (judged after the correction for sent_at)."
                                                + " Default: the time of receipt."))
                .addProperty(
                        "sent_at",
                        new StringSchema()
                                .description("Optional: the sender's clock when it sent, in the forms of timestamp."
                                        + " When it differs from the time of receipt by more than "
                                        + rules.skewThreshold().toMillis() + " ms, timestamp becomes timestamp +"
                                        + " (receipt - sent_at), the timestamp as sent kept as original_timestamp."))
                .required(List.of("session_id", "category", "name"));
    }
}
