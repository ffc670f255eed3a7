package io.theeye.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.store.ClientStore;
import io.theeye.support.ApiClient;
import io.theeye.support.TestDatabases;
import io.theeye.support.Tokens;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A client created while the server runs is usable at once: the server looks it up rather than wait for its next
 * reload of clients, which here is an hour away.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "the-eye.auth.client-refresh-interval=1h")
class NewClientIntegrationTests {

    @Autowired
    Environment environment;

    @Autowired
    ClientStore clients;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.usePostgres(registry);
    }

    @Test
    void acceptsEventsFromAClientOnItsFirstRequestAfterItsCreation() {
        ApiClient api = new ApiClient(environment.getRequiredProperty("local.server.port", Integer.class));
        ClientStore.Client client = clients.create("created while serving");

        HttpResponse<String> response = api.postEvents(
                Tokens.valid(client.clientId(), client.secretKey()),
                "{\"session_id\": \"s\", \"category\": \"c\", \"name\": \"n\"}");

        assertThat(response.statusCode()).isEqualTo(202);
    }
}
