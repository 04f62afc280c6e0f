package org.keyrelay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.http.AuthStyle;
import org.keyrelay.pool.ApiKey;
import org.keyrelay.selection.Strategy;

/** A valid keyring, every setting written out, and what a minimal one gets by default. */
class KeyringParserTest {

    private static final Path FILE = Path.of("keyring.yaml");
    private final KeyringParser parser = new KeyringParser(Map.of());

    private static List<String> ids(ProviderConfig provider) {
        return provider.keys().stream().map(ApiKey::id).toList();
    }

    @Test
    void should_read_a_full_keyring() {
        Keyring keyring = parser.parse(FILE, """
                providers:
                  - id: openai
                    upstream: https://api.openai.com
                    auth: bearer
                    strategy: weighted
                    maxRotations: 2
                    maxWait: 5s
                    keys:
                      - id: alpha
                        secret: sk-test-alpha-0001
                        weight: 3
                      - id: beta
                        secret: sk-test-beta-0002
                  - id: anthropic
                    upstream: https://api.anthropic.com/
                    auth: x-api-key
                    strategy: sticky
                    keys:
                      - {id: one, secret: sk-ant-test-0001}
                  - id: local_llm
                    upstream: http://127.0.0.1:11434/base
                    auth: header:X-Goog-Api-Key
                    strategy: fill-first
                    maxRotations: 0
                    maxWait: 250ms
                    keys:
                      - secret: test-key-0003
                clients:
                  - id: laptop
                    token: client-token-0001
                  - token: client-token-0002
                maxBodyBytes: 1048576
                """);

        assertEquals(FILE, keyring.source());
        assertEquals(List.of("openai", "anthropic", "local_llm"), keyring.providers().stream().map(ProviderConfig::id).toList());
        assertEquals(1_048_576L, keyring.maxBodyBytes());
        assertEquals(List.of(), keyring.warnings());
        assertEquals(4, keyring.keyCount());

        ProviderConfig openai = keyring.provider("openai").orElseThrow();
        assertEquals(URI.create("https://api.openai.com"), openai.upstream());
        assertEquals(AuthStyle.BEARER, openai.auth());
        assertEquals(Strategy.WEIGHTED, openai.strategy());
        assertEquals(2, openai.maxRotations());
        assertEquals(Duration.ofSeconds(5), openai.maxWait());
        assertEquals(List.of("alpha", "beta"), ids(openai));
        assertEquals("sk-test-alpha-0001", openai.keys().get(0).secret().reveal());
        assertEquals(3, openai.keys().get(0).weight());
        assertEquals(1, openai.keys().get(1).weight());

        ProviderConfig anthropic = keyring.provider("anthropic").orElseThrow();
        assertEquals(AuthStyle.X_API_KEY, anthropic.auth());
        assertEquals(Strategy.STICKY, anthropic.strategy());
        assertEquals(List.of("one"), ids(anthropic));

        ProviderConfig local = keyring.provider("local_llm").orElseThrow();
        assertEquals(URI.create("http://127.0.0.1:11434/base"), local.upstream());
        assertEquals(new AuthStyle("X-Goog-Api-Key", ""), local.auth());
        assertEquals(Strategy.FILL_FIRST, local.strategy());
        assertEquals(0, local.maxRotations());
        assertEquals(0, local.rotationsAllowed(5));
        assertEquals(Duration.ofMillis(250), local.maxWait());

        assertEquals(List.of("laptop", "client-2"), keyring.clients().stream().map(ClientToken::id).toList());
        assertEquals("client-token-0002", keyring.clients().get(1).token().reveal());
    }

    @Test
    void should_fill_in_defaults_for_a_minimal_provider() {
        Keyring keyring = parser.parse(FILE, """
                providers:
                  - id: openai
                    upstream: https://api.openai.com
                    keys:
                      - secret: sk-test-alpha-0001
                      - secret: sk-test-beta-0002
                """);

        ProviderConfig openai = keyring.providers().get(0);
        assertEquals(Strategy.ROUND_ROBIN, openai.strategy());
        assertEquals(AuthStyle.BEARER, openai.auth());
        assertEquals(Duration.ofSeconds(30), openai.maxWait());
        assertNull(openai.maxRotations());
        assertEquals(1, openai.rotationsAllowed(2));
        assertNull(openai.envKeys());
        assertEquals(List.of("key-1", "key-2"), ids(openai));
        assertEquals(List.of(1, 1), openai.keys().stream().map(ApiKey::weight).toList());
        assertEquals(Keyring.DEFAULT_MAX_BODY_BYTES, keyring.maxBodyBytes());
        assertEquals(List.of(), keyring.clients());
    }

    @Test
    void should_read_an_empty_file_as_an_empty_keyring() {
        Keyring keyring = parser.parse(FILE, "# nothing yet\n");

        assertEquals(List.of(), keyring.providers());
        assertEquals(0, keyring.keyCount());
    }

    @Test
    void should_accept_a_provider_without_keys() {
        Keyring keyring = parser.parse(FILE, """
                providers:
                  - id: openai
                    upstream: https://api.openai.com
                    keys:
                """);

        assertEquals(List.of(), keyring.providers().get(0).keys());
    }

    @Test
    void should_keep_a_secret_listed_twice_only_once() {
        Keyring keyring = parser.parse(FILE, """
                providers:
                  - id: openai
                    upstream: https://api.openai.com
                    keys:
                      - {id: alpha, secret: sk-test-alpha-0001}
                      - {id: again, secret: sk-test-alpha-0001}
                """);

        assertEquals(List.of("alpha"), ids(keyring.providers().get(0)));
    }

    @Test
    void should_read_the_keyring_from_a_file(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keyring.yaml");
        Files.writeString(file, "providers:\n  - id: openai\n    upstream: https://api.openai.com\n");

        Keyring keyring = parser.parse(file);

        assertEquals(file, keyring.source());
        assertEquals("openai", keyring.providers().get(0).id());
    }

    @Test
    void should_never_print_a_secret_of_a_parsed_keyring() {
        Keyring keyring = parser.parse(FILE, """
                providers:
                  - id: openai
                    upstream: https://api.openai.com
                    keys:
                      - secret: sk-test-alpha-0001
                clients:
                  - token: client-token-0001
                """);

        String printed = keyring.toString();

        assertFalse(printed.contains("sk-test-alpha-0001"), printed);
        assertFalse(printed.contains("client-token-0001"), printed);
    }

    @Test
    void should_load_the_keys_after_a_repeated_secret() {
        Keyring keyring = parser.parse(FILE, """
                providers:
                  - id: openai
                    upstream: https://api.openai.com
                    keys:
                      - secret: sk-test-alpha-0001
                      - secret: sk-test-alpha-0001
                      - secret: sk-test-gamma-0003
                """);

        List<ApiKey> keys = keyring.providers().get(0).keys();
        assertEquals(List.of("sk-test-alpha-0001", "sk-test-gamma-0003"), keys.stream().map(k -> k.secret().reveal()).toList());
        assertEquals("key-1", keys.get(0).id());
    }
}
