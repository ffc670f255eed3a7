package io.theeye.deletion;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.theeye.system.OpenApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code DELETE /events} in the OpenAPI document: its body of filters and its answers besides 200. */
@Configuration(proxyBeanMethods = false)
class DeletionApiDocumentation {

    @Bean
    OpenApiCustomizer deletionEndpoint() {
        return openApi -> {
            PathItem events = openApi.getPaths().get("/events");
            if (events == null || events.getDelete() == null) {
                return;
            }
            Operation delete = events.getDelete()
                    .summary("Delete the client's events that the filters match, with its refused events that match")
                    .description("Only for clients created with clients create --admin, on their own events; others"
                            + " get 403. Every filter given must match (AND); a body with none is refused (400)."
                            + " Refused events match from/to by their receipt, the other filters by their raw text"
                            + " read as an event. The answer comes once every matching row is gone: reads see the"
                            + " deletion at once. Recorded in the audit log (filters and counts). See"
                            + " docs/deletion.md.")
                    .requestBody(new RequestBody()
                            .required(true)
                            .content(new Content().addMediaType("application/json", new MediaType().schema(body()))));
            delete.getResponses()
                    .addApiResponse(
                            "400",
                            OpenApiResponses.error(
                                    "No filter, an unknown field or a bad value; errors name the field."))
                    .addApiResponse("403", OpenApiResponses.error("The client was not created with --admin."))
                    .addApiResponse(
                            "503",
                            OpenApiResponses.error("Another process is removing events; retry after Retry-After."));
            if (delete.getResponses().get("200") != null) {
                delete.getResponses().get("200").description("The counts of what was deleted.");
            }
        };
    }

    private static Schema<?> body() {
        return new ObjectSchema()
                .description("The filters, all optional but at least one.")
                .addProperty(
                        "session_ids",
                        new ArraySchema()
                                .items(new StringSchema())
                                .description("Events of any of these sessions (1 to 1000)."))
                .addProperty(
                        "from",
                        new StringSchema()
                                .description("Events with a timestamp at or after this (ISO-8601; naive is UTC)."))
                .addProperty("to", new StringSchema().description("Events with a timestamp before this."))
                .addProperty("category", new StringSchema().description("Events of this category."))
                .addProperty("name", new StringSchema().description("Events of this name."))
                .addProperty(
                        "data_path",
                        new StringSchema()
                                .description(
                                        "A path in data (user_id, data.user.id, data.items[0].sku); with" + " equals."))
                .addProperty(
                        "equals",
                        new Schema<>()
                                .description("The JSON string, number or boolean the value at data_path equals;"
                                        + " numbers by value."));
    }
}
