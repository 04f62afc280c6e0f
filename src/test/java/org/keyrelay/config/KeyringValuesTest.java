package org.keyrelay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Keyring values that would route, split or escape are refused with a clear error, and no error prints a secret:
 * not a YAML syntax error on a secret's line either.
 */
class KeyringValuesTest {

    private static final Path FILE = Path.of("keyring.yaml");

    private static String error(String yaml, Map<String, String> env) {
        return assertThrows(KeyringException.class, () -> new KeyringParser(env).parse(FILE, yaml)).getMessage();
    }

    private static String provider(String extra) {
        return "providers:\n  - id: p\n    upstream: https://api.example.test\n" + extra;
    }

    @Test
    void should_not_print_a_secret_in_a_yaml_syntax_error() {
        String message = error(provider("    keys:\n      - {id: a, secret: \"fake-secret-value-0123456789\n"), Map.of());

        assertTrue(message.startsWith("keyring.yaml: not valid YAML: "), message);
        assertTrue(message.contains("line "), "the place is named: " + message);
        assertFalse(message.contains("secret-value"), message);

        String unclosed = error(provider("    keys:\n      - {id: a, secret: fake-secret-value-0123456789: x}\n"), Map.of());
        assertFalse(unclosed.contains("secret-value"), unclosed);
    }

    @Test
    void should_refuse_a_key_in_a_header_that_routes_the_request() {
        for (String header : List.of("Host", "content-length", "Transfer-Encoding", "Connection")) {
            String message = error(provider("    auth: header:" + header + "\n"), Map.of());
            assertTrue(message.startsWith("keyring.yaml:4: providers[0].auth: 'header:" + header + "'"), message);
            assertTrue(message.contains("cannot carry a key"), message);
        }
        assertEquals("X-Goog-Api-Key", new KeyringParser(Map.of()).parse(FILE, provider("    auth: header:X-Goog-Api-Key\n"))
                .providers().get(0).auth().headerName());
    }

    @Test
    void should_refuse_a_secret_with_a_line_break_without_showing_it() {
        String message = error(provider("    keys:\n      - id: a\n        secret: \"sk-live-abc\\nX-Evil: 1\"\n"), Map.of());
        assertTrue(message.startsWith("keyring.yaml:6: providers[0].keys[0].secret: has a line break"), message);
        assertFalse(message.contains("sk-live-abc"), message);

        String fromEnv = error(provider("    keys:\n      - {id: a, secret: \"${env:K}\"}\n"), Map.of("K", "sk-a\rb"));
        assertTrue(fromEnv.contains("environment variable K has a line break"), fromEnv);
        assertFalse(fromEnv.contains("sk-a"), fromEnv);

        String envKeys = error(provider("    envKeys: K\n"), Map.of("K", "sk-a\nb"));
        assertTrue(envKeys.contains("environment variable K holds a secret with a line break"), envKeys);
    }

    @Test
    void should_refuse_key_ids_that_are_not_plain_names() {
        for (String id : List.of("a/../b", "..", "a b", "/a", "a%2fb")) {
            String message = error(provider("    keys:\n      - {id: \"" + id + "\", secret: sk-x}\n"), Map.of());
            assertTrue(message.contains("'" + id + "' is not a key id"), message);
        }
        assertEquals("team.main_2", new KeyringParser(Map.of()).parse(FILE,
                provider("    keys:\n      - {id: team.main_2, secret: sk-x}\n")).providers().get(0).keys().get(0).id());
    }

    @Test
    void should_read_allowed_hosts_and_origins_and_refuse_a_malformed_one() {
        Keyring k = new KeyringParser(Map.of()).parse(FILE,
                "allowedOrigins: [\"http://localhost:3000\", \"https://*.example.test\"]\nallowedHosts: gateway.lan\n");
        assertEquals(List.of("http://localhost:3000", "https://*.example.test"), k.browsers().allowedOrigins());
        assertEquals(List.of("gateway.lan"), k.browsers().allowedHosts());

        String message = error("allowedOrigins: [\"localhost:3000/app\"]\n", Map.of());
        assertTrue(message.startsWith("keyring.yaml:1: allowedOrigins[0]: 'localhost:3000/app' is not an origin"), message);
        String host = error("allowedHosts: [\"http://gateway.lan\"]\n", Map.of());
        assertTrue(host.contains("is not a host name"), host);
    }
}
