package org.keyrelay.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How a provider wants its key, as the keyring writes it. */
class AuthStyleTest {

    @Test
    void should_parse_bearer() {
        assertSame(AuthStyle.BEARER, AuthStyle.parse("bearer"));
        assertSame(AuthStyle.BEARER, AuthStyle.parse(" Bearer "));
        assertEquals("Bearer sk-test-alpha-0001", AuthStyle.BEARER.headerValue("sk-test-alpha-0001"));
    }

    @Test
    void should_parse_x_api_key() {
        assertSame(AuthStyle.X_API_KEY, AuthStyle.parse("X-API-KEY"));
        assertEquals("sk-test-alpha-0001", AuthStyle.X_API_KEY.headerValue("sk-test-alpha-0001"));
    }

    @Test
    void should_parse_a_named_header_keeping_its_case() {
        AuthStyle style = AuthStyle.parse("header:X-Goog-Api-Key");

        assertEquals("X-Goog-Api-Key", style.headerName());
        assertEquals("sk-test-alpha-0001", style.headerValue("sk-test-alpha-0001"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bearer", "x-api-key", "header:X-Goog-Api-Key", "header:api-key"})
    void should_write_back_the_name_it_was_parsed_from(String text) {
        assertEquals(text, AuthStyle.parse(text).configName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"basic", "", "header:", "header:bad name", "header:x:y", "token"})
    void should_name_the_allowed_values_for_anything_else(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuthStyle.parse(text));

        assertEquals("'" + text + "' is not one of bearer, x-api-key, header:NAME", e.getMessage());
    }
}
