package io.theeye.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.store.ClientStore;
import io.theeye.store.SchemaChanges;
import io.theeye.support.ApiClient;
import io.theeye.support.Tokens;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/** With {@code THE_EYE_SCHEMAS_REQUIRED=true}, events of a type without schema are refused; each subclass names the database. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "the-eye.schemas.required=true")
abstract class RequiredSchemasIntegrationTestCases {

    @Autowired
    Environment environment;

    @Autowired
    ClientStore clients;

    @Autowired
    SchemaChanges changes;

    @Test
    void refusesEventsOfTypesWithoutSchemaAndAcceptsThoseWithOne() {
        ClientStore.Client client = clients.create("shop");
        ApiClient api = new ApiClient(environment.getRequiredProperty("local.server.port", Integer.class));
        String token = Tokens.valid(client.clientId(), client.secretKey());
        changes.save("test", "known", "event", "{\"type\": \"object\"}");

        HttpResponse<String> response = api.postEvents(
                token,
                "[{\"session_id\": \"s\", \"category\": \"known\", \"name\": \"event\"},"
                        + " {\"session_id\": \"s\", \"category\": \"unknown\", \"name\": \"event\"}]");

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = ApiClient.json(response);
        assertThat(body.get("accepted").intValue()).isEqualTo(1);
        assertThat(body.at("/rejected/0/index").intValue()).isEqualTo(1);
        assertThat(body.at("/rejected/0/errors/0/field").stringValue()).isEqualTo("data");
        assertThat(body.at("/rejected/0/errors/0/message").stringValue())
                .isEqualTo("no payload schema is registered for this category and name, and this server requires one");
    }
}
