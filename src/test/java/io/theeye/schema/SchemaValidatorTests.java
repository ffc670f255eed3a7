package io.theeye.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.theeye.event.FieldError;
import io.theeye.validation.Validated;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the validator says of events' data and of schemas, word for word where a client reads it. */
class SchemaValidatorTests {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    static final String PAGEVIEW = """
            {"type": "object",
             "properties": {
               "host": {"type": "string", "minLength": 1},
               "path": {"type": "string", "pattern": "^/"},
               "load_ms": {"type": "integer", "minimum": 0},
               "price": {"type": "number", "multipleOf": 0.01},
               "tags": {"type": "array", "items": {"type": "string"}},
               "odd key": {"type": "boolean"}
             },
             "required": ["host", "path"],
             "additionalProperties": false}""";

    private final SchemaCompiler compiler = new SchemaCompiler(JSON);

    private SchemaValidator validator(boolean required) {
        SchemaValidator validator = new SchemaValidator(required);
        validator.replace(Map.of(
                new EventType("page interaction", "pageview"),
                new SchemaValidator.Registered(3, compiler.compile(PAGEVIEW))));
        return validator;
    }

    @Test
    void passesMatchingDataWithTheVersionItPassed() {
        Validated<Integer> outcome = validator(false)
                .check(
                        "page interaction",
                        "pageview",
                        data("{\"host\": \"www.example.com\", \"path\": \"/\", \"price\": 19.99, \"tags\": [\"a\"]}"));

        assertThat(outcome).isEqualTo(new Validated.Valid<>(3));
    }

    @Test
    void namesEachProblemByItsPathFromData() {
        Validated<Integer> outcome = validator(false)
                .check(
                        "page interaction",
                        "pageview",
                        data("{\"path\": \"home\", \"load_ms\": -1, \"tags\": [\"a\", 5], \"odd key\": \"yes\","
                                + " \"colour\": \"red\"}"));

        assertThat(outcome).isInstanceOf(Validated.Invalid.class);
        assertThat(((Validated.Invalid<Integer>) outcome).errors())
                .containsExactlyInAnyOrder(
                        new FieldError("data.path", "does not match the regex pattern ^/"),
                        new FieldError("data.load_ms", "must have a minimum value of 0"),
                        new FieldError("data.tags[1]", "integer found, string expected"),
                        new FieldError("data[\"odd key\"]", "string found, boolean expected"),
                        new FieldError("data.host", "required property 'host' not found"),
                        new FieldError(
                                "data.colour",
                                "property 'colour' is not defined in the schema and the schema does not allow"
                                        + " additional properties"));
    }

    @Test
    void checksMissingDataAsTheEmptyObjectItIsStoredAs() {
        Validated<Integer> outcome = validator(false).check("page interaction", "pageview", null);

        assertThat(((Validated.Invalid<Integer>) outcome).errors())
                .extracting(FieldError::field)
                .containsExactly("data.host", "data.path");
    }

    @Test
    void keepsDecimalsExactSoThatMultipleOfHolds() {
        assertThat(validator(false)
                        .check(
                                "page interaction",
                                "pageview",
                                data("{\"host\": \"h\", \"path\": \"/\", \"price\": 0.07}")))
                .isEqualTo(new Validated.Valid<>(3));
        assertThat(validator(false)
                        .check(
                                "page interaction",
                                "pageview",
                                data("{\"host\": \"h\", \"path\": \"/\", \"price\": 0.071}")))
                .isInstanceOf(Validated.Invalid.class);
    }

    @Test
    void acceptsTypesWithoutSchemaUnlessSchemasAreRequired() {
        assertThat(validator(false).check("page interaction", "click", data("{}")))
                .isEqualTo(new Validated.Valid<>(null));
        // Category and name are matched exactly.
        assertThat(validator(false).check("Page interaction", "pageview", data("{}")))
                .isEqualTo(new Validated.Valid<>(null));

        Validated<Integer> refused = validator(true).check("page interaction", "click", data("{}"));
        assertThat(((Validated.Invalid<Integer>) refused).errors())
                .containsExactly(new FieldError(
                        "data",
                        "no payload schema is registered for this category and name, and this server requires one"));
    }

    @Test
    void refusesWhatIsNotAJsonSchemaWithTheValidatorsMessage() {
        assertThat(refusal("{\"type\": \"nope\"}"))
                .contains(new FieldError(
                        "schema.type",
                        "does not have a value in the enumeration [\"array\", \"boolean\", \"integer\", \"null\","
                                + " \"number\", \"object\", \"string\"]"));
        assertThat(refusal("{\"minimum\": \"x\"}"))
                .containsExactly(new FieldError("schema.minimum", "string found, number expected"));
        assertThat(refusal("[1]"))
                .containsExactly(new FieldError("schema", "must be a JSON object (or true or false)"));
        assertThat(refusal("{\"type\": "))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).startsWith("malformed JSON"));
        assertThat(refusal("{\"properties\": {\"a\": {\"$ref\": \"#/$defs/missing\"}}}"))
                .containsExactly(new FieldError("schema", "Reference /$defs/missing cannot be resolved"));
        assertThat(refusal("{\"pattern\": \"[\"}"))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains("Unclosed character class"));
        assertThat(refusal("{\"$schema\": \"http://json-schema.org/draft-07/schema#\"}"))
                .containsExactly(
                        new FieldError(
                                "schema[\"$schema\"]",
                                "must be https://json-schema.org/draft/2020-12/schema (or left out): draft 2020-12 is the only dialect"));
    }

    @Test
    void acceptsReferencesWithinTheSchemaAndTheDraftsOwnDeclaration() {
        SchemaCompiler.Compiled compiled = compiler.compile("""
                {"$schema": "https://json-schema.org/draft/2020-12/schema",
                 "$defs": {"path": {"type": "string"}, "id": {"$id": "https://example.com/id", "type": "integer"}},
                 "properties": {"path": {"$ref": "#/$defs/path"}, "n": {"$ref": "https://example.com/id"}}}""");

        assertThat(compiled.check(data("{\"path\": 1, \"n\": \"x\"}")))
                .containsExactly(
                        new FieldError("data.path", "integer found, string expected"),
                        new FieldError("data.n", "string found, integer expected"));
    }

    @Test
    void neverFetchesAReferencedUrl() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "{\"type\": \"string\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/schema.json";
            for (String ref : List.of(url, "file:///etc/hostname", "classpath:draft/2020-12/meta/core")) {
                assertThatThrownBy(() -> compiler.compile("{\"properties\": {\"a\": {\"$ref\": \"" + ref + "\"}}}"))
                        .as(ref)
                        .isInstanceOf(InvalidSchemaException.class)
                        .hasMessageContaining("is not allowed to be loaded");
            }
            assertThat(requests).hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    private List<FieldError> refusal(String schema) {
        try {
            compiler.compile(schema);
        } catch (InvalidSchemaException e) {
            return e.errors();
        }
        throw new AssertionError("accepted: " + schema);
    }

    private static JsonNode data(String json) {
        return JSON.readTree(json);
    }
}
