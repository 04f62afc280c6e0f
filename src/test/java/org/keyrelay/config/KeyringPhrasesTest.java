package org.keyrelay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A provider's own failure phrases ({@code phrases:}) and {@code ${env:NAME}} in its upstream. */
class KeyringPhrasesTest {

    private static final Path FILE = Path.of("keyring.yaml");

    private static ProviderConfig provider(Map<String, String> env, String settings) {
        return new KeyringParser(env).parse(FILE, """
                providers:
                  - id: kimi
                    upstream: https://api.kimi.com/coding
                """ + settings).providers().get(0);
    }

    private static String error(Map<String, String> env, String yaml) {
        return assertThrows(KeyringException.class, () -> new KeyringParser(env).parse(FILE, yaml)).getMessage();
    }

    @Test
    void should_read_the_phrases_of_each_class() {
        ProviderConfig kimi = provider(Map.of(), """
                    phrases:
                      quotaExhausted: ["Monthly allowance spent", "payment required"]
                      rateLimited: []
                      keyInvalid: [key revoked]
                """);

        assertEquals(List.of("monthly allowance spent", "payment required"), kimi.phrases().quota());
        assertEquals(List.of(), kimi.phrases().rateLimit());
        assertEquals(List.of("key revoked"), kimi.phrases().keyInvalid());
        assertEquals(List.of(), kimi.phrases().modelForbidden());
    }

    @Test
    void should_have_no_phrases_of_its_own_by_default() {
        assertEquals(ProviderConfig.NO_PHRASES, provider(Map.of(), "").phrases());
    }

    @Test
    void should_name_an_unknown_class_and_an_empty_phrase() {
        assertEquals("keyring.yaml:5: providers[0].phrases.quota: unknown setting (allowed here: keyInvalid, "
                + "modelForbidden, quotaExhausted, rateLimited)", error(Map.of(), """
                providers:
                  - id: kimi
                    upstream: https://api.kimi.com/coding
                    phrases:
                      quota: [spent]
                """));
        assertEquals("keyring.yaml:5: providers[0].phrases.rateLimited[1]: a phrase must not be empty", error(Map.of(), """
                providers:
                  - id: kimi
                    upstream: https://api.kimi.com/coding
                    phrases:
                      rateLimited: [slow down, " "]
                """));
    }

    @Test
    void should_resolve_environment_variables_in_the_upstream() {
        ProviderConfig kimi = new KeyringParser(Map.of("KIMI_HOST", "127.0.0.1:9099")).parse(FILE, """
                providers:
                  - id: kimi
                    upstream: http://${env:KIMI_HOST}/coding
                """).providers().get(0);

        assertEquals(URI.create("http://127.0.0.1:9099/coding"), kimi.upstream());
    }

    @Test
    void should_name_an_unset_variable_in_the_upstream() {
        assertEquals("keyring.yaml:3: providers[0].upstream: 'http://${env:KIMI_HOST}/coding' names environment "
                + "variable KIMI_HOST, which is not set", error(Map.of(), """
                providers:
                  - id: kimi
                    upstream: http://${env:KIMI_HOST}/coding
                """));
    }
}
