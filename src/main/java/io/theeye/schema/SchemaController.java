package io.theeye.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.theeye.auth.AuthenticatedClient;
import io.theeye.event.EventTimestamps;
import io.theeye.store.SchemaStore.Version;
import io.theeye.system.ApiError;
import io.theeye.system.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /schemas}: payload schemas per event type, for clients created with {@code --admin} only. The body of a
 * {@code PUT} is the JSON Schema itself, stored as sent.
 */
@RestController
@ConditionalOnWebApplication
class SchemaController {

    private final PayloadSchemas schemas;

    SchemaController(PayloadSchemas schemas) {
        this.schemas = schemas;
    }

    @GetMapping("/schemas")
    SchemaList list(@AuthenticationPrincipal AuthenticatedClient client) {
        requireAdmin(client);
        return new SchemaList(schemas.list().stream().map(SchemaView::summary).toList());
    }

    @GetMapping("/schemas/{category}/{name}")
    SchemaView show(
            @AuthenticationPrincipal AuthenticatedClient client,
            @PathVariable String category,
            @PathVariable String name,
            @RequestParam(required = false) Integer version) {
        requireAdmin(client);
        return (version == null ? schemas.current(category, name) : schemas.version(category, name, version))
                .map(SchemaView::of)
                .orElseThrow(() -> notFound(category, name, version));
    }

    @GetMapping("/schemas/{category}/{name}/versions")
    SchemaList versions(
            @AuthenticationPrincipal AuthenticatedClient client,
            @PathVariable String category,
            @PathVariable String name) {
        requireAdmin(client);
        List<Version> history = schemas.history(category, name);
        if (history.isEmpty()) {
            throw notFound(category, name, null);
        }
        return new SchemaList(history.stream().map(SchemaView::summary).toList());
    }

    @PutMapping("/schemas/{category}/{name}")
    ResponseEntity<SchemaView> put(
            @AuthenticationPrincipal AuthenticatedClient client,
            @PathVariable String category,
            @PathVariable String name,
            HttpServletRequest request)
            throws IOException {
        requireAdmin(client);
        try {
            PayloadSchemas.Saved saved = schemas.save(actor(client), category, name, body(request));
            return ResponseEntity.status(saved.created() ? HttpStatus.CREATED : HttpStatus.OK)
                    .body(SchemaView.of(saved.version()));
        } catch (InvalidSchemaException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, new ApiError("invalid_schema", e.getMessage(), e.errors()));
        }
    }

    @DeleteMapping("/schemas/{category}/{name}")
    ResponseEntity<Void> delete(
            @AuthenticationPrincipal AuthenticatedClient client,
            @PathVariable String category,
            @PathVariable String name) {
        requireAdmin(client);
        if (schemas.delete(actor(client), category, name).isEmpty()) {
            throw notFound(category, name, null);
        }
        return ResponseEntity.noContent().build();
    }

    /** Who the audit log says made a change through the API. */
    static String actor(AuthenticatedClient client) {
        return "client:" + client.clientId();
    }

    private static void requireAdmin(AuthenticatedClient client) {
        if (!client.admin()) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN,
                    new ApiError(
                            "forbidden", "only clients created with --admin may manage payload schemas", List.of()));
        }
    }

    /** The body as text, refused past the largest schema before more is read. */
    private static String body(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > SchemaCompiler.MAX_BYTES) {
            throw tooLarge();
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(SchemaCompiler.MAX_BYTES + 1);
            if (body.length > SchemaCompiler.MAX_BYTES) {
                throw tooLarge();
            }
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static ApiException tooLarge() {
        return new ApiException(
                HttpStatus.CONTENT_TOO_LARGE,
                ApiError.of("body_too_large", "body", "must be at most " + SchemaCompiler.MAX_BYTES + " bytes"));
    }

    private static ApiException notFound(String category, String name, Integer version) {
        return new ApiException(
                HttpStatus.NOT_FOUND,
                new ApiError(
                        "not_found",
                        "No schema for category '" + category + "' and name '" + name + "'"
                                + (version == null ? "" : " at version " + version) + ".",
                        List.of()));
    }

    /** A list of schemas or of one type's versions, without their documents. */
    record SchemaList(List<SchemaView> results) {}

    /**
     * One version of a type's schema.
     *
     * @param schema the JSON Schema as it was sent; null for a version that deleted the type's schema, and in lists
     * @param deleted whether this version deleted the type's schema
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SchemaView(
            String category,
            String name,
            int version,
            boolean deleted,
            @JsonProperty("created_at") String createdAt,
            @JsonProperty("created_by") String createdBy,
            @JsonRawValue String schema) {

        static SchemaView of(Version version) {
            return new SchemaView(
                    version.category(),
                    version.name(),
                    version.version(),
                    version.deleted(),
                    EventTimestamps.format(version.createdAt()),
                    version.createdBy(),
                    version.schema());
        }

        static SchemaView summary(Version version) {
            SchemaView full = of(version);
            return new SchemaView(
                    full.category(),
                    full.name(),
                    full.version(),
                    full.deleted(),
                    full.createdAt(),
                    full.createdBy(),
                    null);
        }
    }
}
