package org.keyrelay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A keyring that cannot be used fails with the file, the line, the setting, the bad value and what is allowed. */
class KeyringErrorsTest {

    private static final Path FILE = Path.of("keyring.yaml");

    private static String error(String yaml) {
        return assertThrows(KeyringException.class, () -> new KeyringParser(Map.of()).parse(FILE, yaml)).getMessage();
    }

    @Test
    void should_name_file_line_and_setting_of_an_unknown_strategy() {
        assertEquals("keyring.yaml:7: providers[0].strategy: 'fastest' is not one of round-robin, health-based, "
                + "sticky, least-used, fill-first, weighted, health-sticky", error("""
                # keyring
                providers:
                  - id: openai
                    upstream: https://api.openai.com
                    auth: bearer
                    maxWait: 30s
                    strategy: fastest
                """));
    }

    @Test
    void should_name_an_unknown_setting_and_the_allowed_ones() {
        assertEquals("keyring.yaml:4: providers[0].stratgy: unknown setting (allowed here: affinity, auth, billingReset, caFile, "
                + "cooldowns, envKeys, failWindow, id, keys, maxRotations, maxWait, phrases, recovery, startKey, strategy, timeouts, upstream, usage)", error("""
                providers:
                  - id: openai
                    upstream: https://api.openai.com
                    stratgy: sticky
                """));
    }

    @Test
    void should_name_an_unknown_top_level_setting() {
        assertEquals("keyring.yaml:1: maxBody: unknown setting (allowed here: allowedHosts, allowedOrigins, clients, maxBodyBytes, providers)",
                error("maxBody: 1024\n"));
    }

    @Test
    void should_name_an_unknown_key_setting() {
        assertEquals("keyring.yaml:5: providers[0].keys[0].secrte: unknown setting (allowed here: id, label, secret, weight)",
                error("""
                providers:
                  - id: openai
                    upstream: https://api.openai.com
                    keys:
                      - secrte: sk-test-alpha-0001
                """));
    }

    @Test
    void should_name_a_provider_id_used_twice() {
        assertEquals("keyring.yaml:4: providers[1]: provider id 'openai' is used twice", error("""
                providers:
                  - id: openai
                    upstream: https://api.openai.com
                  - id: openai
                    upstream: https://api.openai.com/v2
                """));
    }

    @Test
    void should_name_a_key_id_used_twice() {
        assertEquals("keyring.yaml:6: providers[0].keys[1]: key id 'alpha' is used twice in provider 'openai'", error("""
                providers:
                  - id: openai
                    upstream: https://api.openai.com
                    keys:
                      - {id: alpha, secret: sk-test-alpha-0001}
                      - {id: alpha, secret: sk-test-beta-0002}
                """));
    }

    @Test
    void should_refuse_an_upstream_that_is_not_http() {
        assertEquals("keyring.yaml:3: providers[0].upstream: 'ftp://files.example.com' is not an http(s) base URL "
                + "without a query", error("""
                providers:
                  - id: files
                    upstream: ftp://files.example.com
                """));
    }

    @Test
    void should_refuse_an_upstream_with_a_query() {
        assertEquals("keyring.yaml:3: providers[0].upstream: 'https://api.example.com/v1?x=1' is not an http(s) base "
                + "URL without a query", error("""
                providers:
                  - id: example
                    upstream: https://api.example.com/v1?x=1
                """));
    }

    @Test
    void should_refuse_an_upstream_that_is_not_a_url() {
        assertEquals("keyring.yaml:3: providers[0].upstream: 'https://bad host' is not a URL", error("""
                providers:
                  - id: example
                    upstream: https://bad host
                """));
    }

    @Test
    void should_refuse_an_upstream_without_a_host() {
        assertEquals("keyring.yaml:3: providers[0].upstream: 'api.openai.com' is not an http(s) base URL without a query",
                error("""
                providers:
                  - id: openai
                    upstream: api.openai.com
                """));
    }

    @Test
    void should_name_a_bad_duration() {
        assertEquals("keyring.yaml:4: providers[0].maxWait: 'soon' is not a duration (like 250ms, 30s, 5m, 5h, 7d)",
                error("""
                providers:
                  - id: openai
                    upstream: https://api.openai.com
                    maxWait: soon
                """));
    }

    @Test
    void should_name_a_bad_auth_style() {
        assertEquals("keyring.yaml:4: providers[0].auth: 'basic' is not one of bearer, x-api-key, header:NAME", error("""
                providers:
                  - id: openai
                    upstream: https://api.openai.com
                    auth: basic
                """));
    }

    @Test
    void should_name_a_missing_required_setting() {
        assertEquals("keyring.yaml:2: providers[0]: 'upstream' is required", error("""
                providers:
                  - id: openai
                    strategy: sticky
                """));
    }

    @Test
    void should_name_a_key_without_a_secret() {
        assertEquals("keyring.yaml:5: providers[0].keys[0]: 'secret' is required", error("""
                providers:
                  - id: openai
                    upstream: https://api.openai.com
                    keys:
                      - id: alpha
                """));
    }

    @Test
    void should_refuse_a_provider_id_that_cannot_be_a_path_prefix() {
        assertEquals("keyring.yaml:2: providers[0].id: 'Open AI' is not a provider id (lower-case letters, digits, '-' "
                + "and '_')", error("""
                providers:
                  - id: Open AI
                    upstream: https://api.openai.com
                """));
    }

    @Test
    void should_name_a_number_that_is_not_a_number_or_too_small() {
        assertEquals("keyring.yaml:4: providers[0].maxRotations: 'many' is not a whole number", error("""
                providers:
                  - id: openai
                    upstream: https://api.openai.com
                    maxRotations: many
                """));
        assertEquals("keyring.yaml:6: providers[0].keys[0].weight: '0' must be at least 1", error("""
                providers:
                  - id: openai
                    upstream: https://api.openai.com
                    keys:
                      - secret: sk-test-alpha-0001
                        weight: 0
                """));
    }

    @Test
    void should_name_a_setting_written_twice() {
        assertEquals("keyring.yaml:5: providers[0].strategy: set twice", error("""
                providers:
                  - id: openai
                    upstream: https://api.openai.com
                    strategy: sticky
                    strategy: weighted
                """));
    }

    @Test
    void should_say_when_a_list_is_expected() {
        assertEquals("keyring.yaml:1: providers: expected a list", error("providers: openai\n"));
    }

    @Test
    void should_say_when_the_file_is_not_a_mapping() {
        assertEquals("keyring.yaml:1: expected a mapping of settings", error("- openai\n- anthropic\n"));
    }

    @Test
    void should_name_file_and_line_of_text_that_is_not_yaml() {
        String message = error("""
                providers:
                  - id: openai
                    upstream: [https://api.openai.com
                """);

        assertTrue(message.startsWith("keyring.yaml: not valid YAML: "), message);
        assertTrue(message.contains("keyring.yaml, line "), message);
    }

    @Test
    void should_name_the_file_it_cannot_read() {
        KeyringException e = assertThrows(KeyringException.class,
                () -> new KeyringParser(Map.of()).parse(Path.of("does-not-exist", "keyring.yaml")));

        assertTrue(e.getMessage().startsWith(Path.of("does-not-exist", "keyring.yaml") + ": cannot read the keyring"),
                e.getMessage());
    }

    @Test
    void should_not_put_a_secret_in_an_error() {
        String message = error("""
                providers:
                  - id: openai
                    upstream: https://api.openai.com
                    keys:
                      - {id: alpha, secret: sk-test-alpha-0001, wieght: 2}
                """);

        assertTrue(message.startsWith("keyring.yaml:5: providers[0].keys[0].wieght: unknown setting"), message);
        assertFalse(message.contains("sk-test-alpha-0001"), message);
    }

    @Test
    void should_name_the_line_of_a_misspelled_setting_whose_value_is_a_block() {
        assertEquals("keyring.yaml:1: provider: unknown setting (allowed here: allowedHosts, allowedOrigins, clients, maxBodyBytes, providers)", error("""
                provider:
                  - id: openai
                    upstream: https://api.openai.com
                """));
    }
}
