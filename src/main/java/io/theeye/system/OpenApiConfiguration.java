package io.theeye.system;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}): the bearer scheme every
 * endpoint uses and the error body every endpoint may answer with. Each feature adds its own parameters.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String BEARER = "clientToken";

    @Bean
    OpenAPI theEyeOpenApi() {
        Components components = new Components()
                .addSecuritySchemes(
                        BEARER,
                        new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .bearerFormat("JWT")
                                .description("An HS256 JWT the application signs with its secret_key (UTF-8 bytes):"
                                        + " claims sub = client_id, gty = client-credentials, jti, iat, exp."
                                        + " Sent as Authorization: Bearer <jwt> (or Authentication: Bearer <jwt>)."));
        return new OpenAPI()
                .info(new Info()
                        .title("The Eye")
                        .description("Collects analytics events from an organisation's applications, and reads them"
                                + " back: each client sees only its own events unless created with --read-all."))
                .components(components)
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /**
     * Every operation may be refused: say with what body. The body's schema is read here, when the document is first
     * asked for, not at start: reading a class into schemas costs a cold JVM tens of milliseconds.
     */
    @Bean
    OpenApiCustomizer errorResponses() {
        Map<String, String> errors = Map.of(
                "400", "A parameter or the body is not acceptable; errors name the field.",
                "401", "Missing or refused token; WWW-Authenticate says why in general terms.",
                "403", "The client may not read what it asked for.");
        return openApi -> {
            ModelConverters.getInstance().read(ApiError.class).forEach(openApi.getComponents()::addSchemas);
            openApi.getPaths()
                    .values()
                    .forEach(path -> path.readOperations()
                            .forEach(operation -> errors.forEach((status, description) -> {
                                if (!operation.getResponses().containsKey(status)) {
                                    operation
                                            .getResponses()
                                            .addApiResponse(status, OpenApiResponses.error(description));
                                }
                            })));
        };
    }
}
