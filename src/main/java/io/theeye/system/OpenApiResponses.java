package io.theeye.system;

import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;

/** Answers for the OpenAPI document that carry the API's error body. */
public final class OpenApiResponses {

    private OpenApiResponses() {}

    /** A response whose body is an {@link ApiError}. */
    public static ApiResponse error(String description) {
        return new ApiResponse()
                .description(description)
                .content(new Content()
                        .addMediaType(
                                "application/json",
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/ApiError"))));
    }
}
