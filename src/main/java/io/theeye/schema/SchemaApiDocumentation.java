package io.theeye.schema;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.theeye.system.OpenApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code /schemas} in the OpenAPI document: what springdoc cannot see (the raw body of {@code PUT}, who may call
 * them, the answers besides 200).
 */
@Configuration(proxyBeanMethods = false)
class SchemaApiDocumentation {

    static final String ONE = "/schemas/{category}/{name}";

    @Bean
    OpenApiCustomizer schemaEndpoints() {
        return openApi -> {
            PathItem list = openApi.getPaths().get("/schemas");
            if (list != null && list.getGet() != null) {
                adminOnly(list.getGet()
                        .summary("The event types that have a payload schema, with their current version"));
            }
            PathItem versions = openApi.getPaths().get(ONE + "/versions");
            if (versions != null && versions.getGet() != null) {
                adminOnly(versions.getGet()
                                .summary("Every version of a type's schema, newest first, deletions included"))
                        .getResponses()
                        .addApiResponse("404", OpenApiResponses.error("No schema was ever registered for the type."));
            }
            PathItem one = openApi.getPaths().get(ONE);
            if (one == null) {
                return;
            }
            if (one.getGet() != null) {
                adminOnly(one.getGet().summary("A type's current schema, or the one of ?version=N"))
                        .getResponses()
                        .addApiResponse("404", OpenApiResponses.error("The type has no schema (at that version)."));
            }
            if (one.getPut() != null) {
                Operation put = adminOnly(one.getPut()
                        .summary("Register or change a type's schema: a new version, in force on every API process"
                                + " within seconds")
                        .description("The body is the JSON Schema (draft 2020-12) itself, at most "
                                + SchemaCompiler.MAX_BYTES + " bytes. It may refer only within itself ($defs, a"
                                + " sub-schema's $id): no schema is ever fetched. The same schema again makes no new"
                                + " version (200).")
                        .requestBody(new RequestBody()
                                .required(true)
                                .content(new Content()
                                        .addMediaType(
                                                "application/json",
                                                new MediaType()
                                                        .schema(new ObjectSchema()
                                                                .description("A JSON Schema, draft 2020-12."))))));
                ApiResponse ok = put.getResponses().get("200");
                put.getResponses()
                        .addApiResponse(
                                "201",
                                new ApiResponse()
                                        .description("A new version was made.")
                                        .content(ok == null ? null : ok.getContent()))
                        .addApiResponse(
                                "400",
                                OpenApiResponses.error("Not a JSON Schema this service takes; errors give the"
                                        + " validator's messages by path (schema.properties.host.type)."))
                        .addApiResponse("413", OpenApiResponses.error("The schema is too large."));
                if (ok != null) {
                    ok.description("The schema was already the current version: nothing changed.");
                }
            }
            if (one.getDelete() != null) {
                adminOnly(one.getDelete().summary("Delete a type's schema; a new version records it"))
                        .getResponses()
                        .addApiResponse("404", OpenApiResponses.error("The type has no schema."));
            }
        };
    }

    private static Operation adminOnly(Operation operation) {
        operation.setDescription((operation.getDescription() == null ? "" : operation.getDescription() + " ")
                + "Only for clients created with clients create --admin; others get 403.");
        operation
                .getResponses()
                .addApiResponse("403", OpenApiResponses.error("The client was not created with --admin."));
        return operation;
    }
}
