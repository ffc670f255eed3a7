package io.theeye.ingest;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.theeye.system.OpenApiResponses;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Segment's tracking API ({@code /v1/*}) in the OpenAPI document, served by {@link IngestEndpoint} like {@code POST
 * /events}, so described here. The message fields are Segment's; docs/sending-events.md maps them to events.
 */
@Configuration(proxyBeanMethods = false)
class SegmentApiDocumentation {

    private static final String WRITE_KEY = "writeKey";

    @Bean
    OpenApiCustomizer segmentPaths(IngestProperties limits) {
        return openApi -> {
            ModelConverters.getInstance()
                    .read(SegmentProtocol.SegmentResponse.class)
                    .forEach(openApi.getComponents()::addSchemas);
            openApi.getComponents().addSchemas("SegmentMessage", message());
            openApi.getComponents()
                    .addSecuritySchemes(
                            WRITE_KEY,
                            new SecurityScheme()
                                    .type(SecurityScheme.Type.HTTP)
                                    .scheme("basic")
                                    .description("A client's write key as user name, no password: it may only send"
                                            + " (bin/the-eye keys create)."));
            for (String path : SegmentProtocol.urlPatterns()) {
                String last = path.substring(path.lastIndexOf('/') + 1);
                boolean batch = SegmentProtocol.isBatch(last);
                openApi.getPaths()
                        .computeIfAbsent(path, p -> new PathItem())
                        .setPost(operation(path, last, batch, limits));
            }
        };
    }

    private static Operation operation(String path, String last, boolean batch, IngestProperties limits) {
        Schema<?> message = new Schema<>().$ref("#/components/schemas/SegmentMessage");
        Schema<?> body = batch
                ? new ObjectSchema()
                        .addProperty(
                                "batch",
                                new ArraySchema().items(message).minItems(1).maxItems(limits.maxBatchEvents()))
                        .addProperty("sentAt", new StringSchema().description("The sender's clock when it sent."))
                        .addProperty("context", new ObjectSchema().description("Applies to every message."))
                        .addProperty("integrations", new ObjectSchema().description("Applies to every message."))
                        .addProperty("writeKey", new StringSchema())
                        .required(List.of("batch"))
                : message;
        Content json = new Content()
                .addMediaType("application/json", new MediaType().schema(body))
                .addMediaType("text/plain", new MediaType().schema(body));
        Schema<?> answer = new Schema<>().$ref("#/components/schemas/SegmentResponse");
        Operation post = new Operation()
                .operationId("segment_" + last)
                .addTagsItem("segment")
                .summary(
                        batch
                                ? "Store a batch of up to " + limits.maxBatchEvents() + " Segment messages"
                                : "Store one Segment " + SegmentProtocol.typeOf(last) + " message")
                .description("Segment's HTTP tracking API, for its SDKs and RudderStack's. Credentials: HTTP Basic"
                        + " with a write key as user name, a writeKey in the body, or a client's bearer token."
                        + " Answers once the accepted messages are committed.")
                .requestBody(new RequestBody().required(true).content(json))
                .responses(new ApiResponses()
                        .addApiResponse(
                                "200",
                                new ApiResponse()
                                        .description("Accepted and stored; rejected lists refused messages by index.")
                                        .content(new Content()
                                                .addMediaType("application/json", new MediaType().schema(answer))))
                        .addApiResponse(
                                "400",
                                new ApiResponse()
                                        .description("No message is valid (success false), or the body is not JSON;"
                                                + " either way kept in rejected_events.")
                                        .content(new Content()
                                                .addMediaType("application/json", new MediaType().schema(answer))))
                        .addApiResponse("401", OpenApiResponses.error("Missing or refused credentials."))
                        .addApiResponse(
                                "403", OpenApiResponses.error("The write key does not list the request's Origin."))
                        .addApiResponse(
                                "413",
                                OpenApiResponses.error("The body is over "
                                        + limits.maxBodySize().toBytes() + " bytes, as sent or once inflated."))
                        .addApiResponse(
                                "415",
                                OpenApiResponses.error("Content-Type is not JSON, text/plain or"
                                        + " application/x-www-form-urlencoded (each read as JSON), or Content-Encoding"
                                        + " is none of gzip, deflate, identity."))
                        .addApiResponse(
                                "429", OpenApiResponses.error("Over the rate limit; retry after Retry-After seconds."))
                        .addApiResponse(
                                "503",
                                OpenApiResponses.error(
                                        "The events could not be stored now; retry after Retry-After seconds.")));
        post.addSecurityItem(new SecurityRequirement().addList(WRITE_KEY));
        post.addSecurityItem(new SecurityRequirement().addList("clientToken"));
        return post;
    }

    private static Schema<?> message() {
        return new ObjectSchema()
                .description("A Segment message; fields other than these are kept in the event's data.")
                .addProperty(
                        "type",
                        new StringSchema()
                                ._enum(SegmentMessages.TYPES.stream().sorted().toList())
                                .description("In a batch; the path says it otherwise."))
                .addProperty("messageId", new StringSchema().description("Makes a resend idempotent."))
                .addProperty("anonymousId", new StringSchema())
                .addProperty("userId", new StringSchema())
                .addProperty("event", new StringSchema().description("A track's name."))
                .addProperty("name", new StringSchema().description("A page's or screen's name."))
                .addProperty("properties", new ObjectSchema())
                .addProperty("traits", new ObjectSchema())
                .addProperty("context", new ObjectSchema())
                .addProperty("integrations", new ObjectSchema())
                .addProperty("timestamp", new StringSchema())
                .addProperty("originalTimestamp", new StringSchema())
                .addProperty("sentAt", new StringSchema());
    }
}
