package org.keyrelay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keyrelay.pool.ApiKey;

/** Secrets from the environment: a provider's envKeys (NAME, NAME_1..N, NAMES=a,b,c) and ${env:NAME} references. */
class KeyringEnvironmentTest {

    private static final Path FILE = Path.of("keyring.yaml");
    private static final String ENV_KEYS_PROVIDER = """
            providers:
              - id: openai
                upstream: https://api.openai.com
                envKeys: OPENAI_API_KEY
            """;

    private static ProviderConfig only(Keyring keyring) {
        return keyring.providers().get(0);
    }

    private static Map<String, String> keys(ProviderConfig provider) {
        Map<String, String> out = new LinkedHashMap<>();
        provider.keys().forEach(k -> out.put(k.id(), k.secret().reveal()));
        return out;
    }

    @Test
    void should_read_name_then_numbered_names_in_numeric_order_then_the_list() {
        Map<String, String> env = Map.of(
                "OPENAI_API_KEY", "sk-test-plain-0000",
                "OPENAI_API_KEY_2", "sk-test-num-0002",
                "OPENAI_API_KEY_10", "sk-test-num-0010",
                "OPENAI_API_KEY_1", "sk-test-num-0001",
                "OPENAI_API_KEYS", "sk-test-list-0001, sk-test-list-0002,sk-test-list-0003",
                "OPENAI_API_KEY_ORG", "org-test-0001",
                "OTHER_API_KEY", "sk-test-other-0001");

        ProviderConfig openai = only(new KeyringParser(env).parse(FILE, ENV_KEYS_PROVIDER));

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("OPENAI_API_KEY", "sk-test-plain-0000");
        expected.put("OPENAI_API_KEY_1", "sk-test-num-0001");
        expected.put("OPENAI_API_KEY_2", "sk-test-num-0002");
        expected.put("OPENAI_API_KEY_10", "sk-test-num-0010");
        expected.put("OPENAI_API_KEYS.1", "sk-test-list-0001");
        expected.put("OPENAI_API_KEYS.2", "sk-test-list-0002");
        expected.put("OPENAI_API_KEYS.3", "sk-test-list-0003");
        assertEquals(expected, keys(openai));
        assertEquals("OPENAI_API_KEY", openai.envKeys());
    }

    @Test
    void should_read_a_single_key_from_the_plain_name() {
        ProviderConfig openai = only(new KeyringParser(Map.of("OPENAI_API_KEY", " sk-test-plain-0000\n"))
                .parse(FILE, ENV_KEYS_PROVIDER));

        assertEquals(Map.of("OPENAI_API_KEY", "sk-test-plain-0000"), keys(openai));
    }

    @Test
    void should_number_list_entries_by_position_skipping_blank_ones() {
        ProviderConfig openai = only(new KeyringParser(Map.of("OPENAI_API_KEYS", "sk-test-list-0001,,  ,sk-test-list-0004"))
                .parse(FILE, ENV_KEYS_PROVIDER));

        assertEquals(List.of("OPENAI_API_KEYS.1", "OPENAI_API_KEYS.4"), openai.keys().stream().map(ApiKey::id).toList());
    }

    @Test
    void should_find_no_keys_when_nothing_is_set() {
        Keyring keyring = new KeyringParser(Map.of()).parse(FILE, ENV_KEYS_PROVIDER);

        assertEquals(List.of(), only(keyring).keys());
    }

    @Test
    void should_not_add_an_environment_key_that_is_already_listed() {
        Keyring keyring = new KeyringParser(Map.of("OPENAI_API_KEY", "sk-test-alpha-0001", "OPENAI_API_KEY_1", "sk-test-beta-0002"))
                .parse(FILE, """
                        providers:
                          - id: openai
                            upstream: https://api.openai.com
                            envKeys: OPENAI_API_KEY
                            keys:
                              - {id: alpha, secret: sk-test-alpha-0001}
                        """);

        assertEquals(List.of("alpha", "OPENAI_API_KEY_1"), only(keyring).keys().stream().map(ApiKey::id).toList());
    }

    @Test
    void should_find_numbered_and_listed_keys_directly() {
        Map<String, String> found = EnvKeys.find("K", Map.of("K_3", "three", "K_1", "one", "KS", "x,y", "K_X", "no"));

        assertEquals(List.of("K_1", "K_3", "KS.1", "KS.2"), List.copyOf(found.keySet()));
    }

    @Test
    void should_resolve_an_env_reference_in_a_secret() {
        Keyring keyring = new KeyringParser(Map.of("ALPHA_KEY", "sk-test-alpha-0001")).parse(FILE, """
                providers:
                  - id: openai
                    upstream: https://api.openai.com
                    keys:
                      - id: alpha
                        secret: ${env:ALPHA_KEY}
                """);

        assertEquals(Map.of("alpha", "sk-test-alpha-0001"), keys(only(keyring)));
        assertEquals(List.of(), keyring.warnings());
    }

    @Test
    void should_skip_a_key_whose_variable_is_unset_with_a_warning() {
        Keyring keyring = new KeyringParser(Map.of("ALPHA_KEY", "sk-test-alpha-0001", "BLANK_KEY", "  ")).parse(FILE, """
                providers:
                  - id: openai
                    upstream: https://api.openai.com
                    keys:
                      - {id: alpha, secret: "${env:ALPHA_KEY}"}
                      - {id: beta, secret: "${env:BETA_KEY}"}
                      - {id: gamma, secret: "${env:BLANK_KEY}"}
                """);

        assertEquals(List.of("alpha"), only(keyring).keys().stream().map(ApiKey::id).toList());
        assertEquals(List.of(
                "providers[0].keys[1].secret names environment variable BETA_KEY, which is not set: skipped",
                "providers[0].keys[2].secret names environment variable BLANK_KEY, which is not set: skipped"),
                keyring.warnings());
    }

    @Test
    void should_resolve_an_env_reference_in_a_client_token_and_skip_it_when_unset() {
        Keyring keyring = new KeyringParser(Map.of("LAPTOP_TOKEN", "client-token-0001")).parse(FILE, """
                clients:
                  - {id: laptop, token: "${env:LAPTOP_TOKEN}"}
                  - {id: phone, token: "${env:PHONE_TOKEN}"}
                """);

        assertEquals(List.of("laptop"), keyring.clients().stream().map(ClientToken::id).toList());
        assertEquals("client-token-0001", keyring.clients().get(0).token().reveal());
        assertEquals(List.of("clients[1].token names environment variable PHONE_TOKEN, which is not set: skipped"),
                keyring.warnings());
    }

    @Test
    void should_load_the_remaining_keys_when_an_earlier_key_without_id_is_skipped() {
        Keyring keyring = new KeyringParser(Map.of()).parse(FILE, """
                providers:
                  - id: openai
                    upstream: https://api.openai.com
                    keys:
                      - secret: ${env:UNSET_KEY}
                      - secret: sk-test-beta-0002
                """);

        assertEquals(Map.of("key-2", "sk-test-beta-0002"), keys(only(keyring)));
        assertEquals(1, keyring.warnings().size());
    }
}
