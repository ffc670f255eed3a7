package io.theeye.schema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.DialectId;
import io.theeye.event.FieldError;
import io.theeye.event.FieldErrors;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a schema's JSON text into a compiled validator, or refuses it with the validator's reasons: JSON Schema
 * draft 2020-12 only, checked against its meta-schema, every {@code $ref} resolved at once. No schema is ever fetched:
 * a {@code $ref} may point into the schema itself (its {@code $defs}, or a sub-schema's {@code $id}), never to a URL
 * or a file, so compiling needs no network and cannot be made to reach another host. Framework-free and thread-safe.
 */
public final class SchemaCompiler {

    /** The one dialect accepted, as {@code $schema} names it. */
    public static final String DRAFT = DialectId.DRAFT_2020_12;

    /** Largest schema document accepted, in bytes of UTF-8. */
    public static final int MAX_BYTES = 256 * 1024;

    /** The draft's meta-schema and vocabularies, which the validator ships and reads from its jar. */
    private static final String META_SCHEMAS = "https://json-schema.org/draft/2020-12/";

    private final ObjectReader reader;

    public SchemaCompiler(JsonMapper json) {
        // Decimals exactly as written: multipleOf 0.01 must not become 0.01000000000000000020816681711721685.
        this.reader = json.readerFor(JsonNode.class)
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    /**
     * The draft's meta-schema, compiled at the first schema compiled, not at start: a server with no schemas stored
     * never needs it (about 20 ms of a cold start's main thread, docs/benchmarks.md). Initialised once for the JVM,
     * thread-safely, by the class loader.
     */
    private static final class MetaSchema {

        static final Schema SCHEMA = load();

        private static Schema load() {
            Schema schema = registry().getSchema(SchemaLocation.of(DRAFT));
            schema.initializeValidators();
            return schema;
        }
    }

    /**
     * A registry that loads nothing but the draft's own meta-schemas. One per compiled schema: a registry caches what
     * it loaded by {@code $id}, and two event types' schemas (or two versions of one) may use the same {@code $id}.
     */
    private static SchemaRegistry registry() {
        return SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)
                        .allow(iri -> iri.toString().startsWith(META_SCHEMAS))));
    }

    /**
     * @throws InvalidSchemaException when the text is not JSON, not a draft 2020-12 schema, or refers outside itself
     */
    public Compiled compile(String text) {
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidSchemaException("schema", "must be at most " + MAX_BYTES + " bytes");
        }
        JsonNode document;
        try {
            document = reader.readValue(text);
        } catch (JacksonException e) {
            throw new InvalidSchemaException("schema", "malformed JSON: " + e.getOriginalMessage());
        }
        if (document == null || !(document.isObject() || document.isBoolean())) {
            throw new InvalidSchemaException("schema", "must be a JSON object (or true or false)");
        }
        JsonNode declared = document.get("$schema");
        if (declared != null && !(declared.isString() && isDraft(declared.stringValue()))) {
            throw new InvalidSchemaException(
                    "schema[\"$schema\"]", "must be " + DRAFT + " (or left out): draft 2020-12 is the only dialect");
        }
        List<Error> problems = MetaSchema.SCHEMA.validate(document);
        if (!problems.isEmpty()) {
            throw new InvalidSchemaException(errors("schema", problems));
        }
        try {
            Schema schema = registry().getSchema(document);
            // Resolves every $ref and compiles every pattern now, not at the first event.
            schema.initializeValidators();
            return new Compiled(schema, text);
        } catch (SchemaException | IllegalArgumentException | IllegalStateException e) {
            throw new InvalidSchemaException("schema", String.valueOf(e.getMessage()));
        }
    }

    private static boolean isDraft(String id) {
        return id.equals(DRAFT) || id.equals(DRAFT + "#");
    }

    /** Problems as field errors named by the path of what is wrong, under the given root ({@code data.items[2]}). */
    static List<FieldError> errors(String root, List<Error> problems) {
        Set<FieldError> errors = new LinkedHashSet<>();
        for (Error problem : problems) {
            errors.add(new FieldError(SchemaPaths.of(root, problem), problem.getMessage()));
        }
        // A broken schema, or data against a strict one, can have hundreds: bounded as every refusal's errors are.
        return FieldErrors.bounded(root, List.copyOf(errors), 0);
    }

    /**
     * A compiled schema: thread-safe, used for every event of its type until its type's schema changes.
     *
     * @param text the JSON text it was compiled from
     */
    public record Compiled(Schema schema, String text) {

        /** The problems of this data (an event's {@code data} object), empty when it passes. */
        public List<FieldError> check(JsonNode data) {
            List<Error> problems = schema.validate(data);
            return problems.isEmpty() ? List.of() : errors("data", problems);
        }
    }
}
