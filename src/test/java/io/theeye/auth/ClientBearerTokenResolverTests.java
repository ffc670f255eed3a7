package io.theeye.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

class ClientBearerTokenResolverTests {

    private final ClientBearerTokenResolver resolver = new ClientBearerTokenResolver();

    private static MockHttpServletRequest request(String header, String value) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/events");
        request.addHeader(header, value);
        return request;
    }

    @Test
    void readsTokenFromAuthorizationHeader() {
        assertThat(resolver.resolve(request("Authorization", "Bearer abc.def.ghi")))
                .isEqualTo("abc.def.ghi");
    }

    @Test
    void readsTokenFromLegacyAuthenticationHeader() {
        assertThat(resolver.resolve(request("Authentication", "Bearer abc.def.ghi")))
                .isEqualTo("abc.def.ghi");
    }

    @Test
    void prefersAuthorizationHeaderOverAuthenticationHeader() {
        MockHttpServletRequest request = request("Authorization", "Bearer from.authorization.header");
        request.addHeader("Authentication", "Bearer from.authentication.header");

        assertThat(resolver.resolve(request)).isEqualTo("from.authorization.header");
    }

    @Test
    void acceptsLowercaseScheme() {
        assertThat(resolver.resolve(request("Authorization", "bearer abc.def.ghi")))
                .isEqualTo("abc.def.ghi");
    }

    @Test
    void acceptsUppercaseScheme() {
        assertThat(resolver.resolve(request("Authorization", "BEARER abc.def.ghi")))
                .isEqualTo("abc.def.ghi");
    }

    @Test
    void stripsSurroundingWhitespaceFromToken() {
        assertThat(resolver.resolve(request("Authorization", "Bearer   abc.def.ghi  ")))
                .isEqualTo("abc.def.ghi");
    }

    @Test
    void returnsNullWithoutHeader() {
        assertThat(resolver.resolve(new MockHttpServletRequest("POST", "/events")))
                .isNull();
    }

    @Test
    void rejectsBasicScheme() {
        assertThatExceptionOfType(InvalidBearerTokenException.class)
                .isThrownBy(() -> resolver.resolve(request("Authorization", "Basic xyz")))
                .withMessage("malformed authorization header: expected 'Bearer <token>'");
    }

    @Test
    void rejectsBasicSchemeInLegacyHeader() {
        assertThatExceptionOfType(InvalidBearerTokenException.class)
                .isThrownBy(() -> resolver.resolve(request("Authentication", "Basic xyz")));
    }

    @Test
    void rejectsBearerWithEmptyToken() {
        assertThatExceptionOfType(InvalidBearerTokenException.class)
                .isThrownBy(() -> resolver.resolve(request("Authorization", "Bearer ")))
                .withMessage("malformed authorization header: expected 'Bearer <token>'");
    }

    @Test
    void rejectsBearerWithBlankToken() {
        assertThatExceptionOfType(InvalidBearerTokenException.class)
                .isThrownBy(() -> resolver.resolve(request("Authorization", "Bearer    ")));
    }

    @Test
    void rejectsSchemeWithoutToken() {
        assertThatExceptionOfType(InvalidBearerTokenException.class)
                .isThrownBy(() -> resolver.resolve(request("Authorization", "Bearer")));
    }

    @Test
    void rejectsSchemeRunIntoToken() {
        assertThatExceptionOfType(InvalidBearerTokenException.class)
                .isThrownBy(() -> resolver.resolve(request("Authorization", "Bearerabc.def.ghi")));
    }
}
