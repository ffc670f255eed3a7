package io.theeye.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.reset;

import io.theeye.store.ClientStore;
import io.theeye.support.ApiClient;
import io.theeye.support.SlowRequest;
import io.theeye.support.TestDatabases;
import io.theeye.support.Tokens;
import io.theeye.validation.EventValidation;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import tools.jackson.databind.JsonNode;

/**
 * However a request ends (its body late, an {@link Error} while its events are checked), it is answered and its permit
 * is given back: with two permits, a third request after them still gets in.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "the-eye.auth.client-refresh-interval=100ms",
            "the-eye.ingest.body-timeout=1s",
            "the-eye.ingest.max-concurrent-requests=2"
        })
@DirtiesContext
class IngestEndsEveryRequestIntegrationTests {

    @Autowired
    Environment environment;

    @Autowired
    ClientStore clients;

    @MockitoSpyBean
    EventValidation validation;

    private ApiClient api;
    private String token;
    private int port;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.useSqlite(registry);
    }

    @BeforeEach
    void createClient() {
        port = environment.getRequiredProperty("local.server.port", Integer.class);
        api = new ApiClient(port);
        ClientStore.Client client = clients.create("ends every request");
        token = Tokens.valid(client.clientId(), client.secretKey());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> api.postEvents(token, IngestIntegrationTestCases.README_EVENT)
                                .statusCode()
                        == 202);
    }

    @AfterEach
    void validateForReal() {
        reset(validation);
    }

    @Test
    void aBodyNotInWithinTheBodyTimeoutIsAnswered408AndItsConnectionClosed() {
        for (int attempt = 0; attempt < 3; attempt++) {
            try (SlowRequest first = SlowRequest.postEvents(port, token, IngestIntegrationTestCases.README_EVENT, 1);
                    SlowRequest second =
                            SlowRequest.postEvents(port, token, IngestIntegrationTestCases.README_EVENT, 1)) {
                for (SlowRequest slow : new SlowRequest[] {first, second}) {
                    // Read to its end: the server closes the connection rather than wait for the rest of the body.
                    String response = slow.response();

                    assertThat(SlowRequest.status(response)).isEqualTo(408);
                    assertThat(response.toLowerCase()).contains("\r\nconnection: close\r\n");
                    JsonNode body = ApiClient.json(response.substring(response.indexOf("\r\n\r\n") + 4));
                    assertThat(body.get("error").stringValue()).isEqualTo("body_timeout");
                    assertThat(body.at("/errors/0/field").stringValue()).isEqualTo("body");
                    assertThat(body.at("/errors/0/message").stringValue()).isEqualTo("must arrive within 1s");
                }
            }
        }
        assertThat(api.postEvents(token, IngestIntegrationTestCases.README_EVENT)
                        .statusCode())
                .isEqualTo(202);
    }

    @Test
    void anErrorThrownWhileEventsAreCheckedIsAnswered500AndItsPermitReturned() {
        doThrow(new StackOverflowError("injected")).when(validation).validate(any(), any(), any());

        for (int attempt = 0; attempt < 5; attempt++) {
            HttpResponse<String> failed = api.postEvents(token, IngestIntegrationTestCases.README_EVENT);

            assertThat(failed.statusCode()).isEqualTo(500);
            assertThat(ApiClient.json(failed).get("error").stringValue()).isEqualTo("internal_error");
        }
        reset(validation);
        assertThat(api.postEvents(token, IngestIntegrationTestCases.README_EVENT)
                        .statusCode())
                .isEqualTo(202);
    }
}
