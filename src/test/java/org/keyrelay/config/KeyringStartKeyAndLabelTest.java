package org.keyrelay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code startKey:} names one of the provider's keys; a key's {@code label:} is one short line of text. */
class KeyringStartKeyAndLabelTest {

    private static final Path FILE = Path.of("keyring.yaml");

    private static String keyring(String providerExtra, String keyExtra) {
        return "providers:\n  - id: kimi\n    upstream: http://127.0.0.1:9\n" + providerExtra
                + "    keys:\n      - {id: main, secret: sk-kimi-0123456789DigS" + keyExtra + "}\n"
                + "      - {id: spare, secret: sk-spare-0123456789xyz}\n";
    }

    private static ProviderConfig parse(String yaml, Map<String, String> env) {
        return new KeyringParser(env).parse(FILE, yaml).providers().get(0);
    }

    private static String error(String yaml) {
        return assertThrows(KeyringException.class, () -> new KeyringParser(Map.of()).parse(FILE, yaml)).getMessage();
    }

    @Test
    void should_read_start_key_and_labels() {
        ProviderConfig p = parse(keyring("    startKey: spare\n", ", label: \"Work account\""), Map.of());
        assertEquals("spare", p.startKey());
        assertEquals("Work account", p.keys().get(0).label());
        assertNull(p.keys().get(1).label());
        assertNull(parse(keyring("", ""), Map.of()).startKey(), "no startKey: the strategy picks");
    }

    @Test
    void should_name_the_setting_and_the_value_of_an_unknown_start_key() {
        String message = error(keyring("    startKey: mian\n", ""));
        assertTrue(message.contains("startKey") && message.contains("'mian'") && message.contains("main, spare"),
                message);
        assertTrue(message.startsWith("keyring.yaml:4: providers[0].startKey"), message);
    }

    @Test
    void should_accept_a_start_key_from_env_keys_whose_variable_is_unset_here() {
        String yaml = "providers:\n  - id: kimi\n    upstream: http://127.0.0.1:9\n    envKeys: KIMI_KEY\n"
                + "    startKey: KIMI_KEY_2\n";
        assertEquals("KIMI_KEY_2", parse(yaml, Map.of()).startKey());
        assertEquals("KIMI_KEY_2", parse(yaml, Map.of("KIMI_KEY_2", "sk-kimi-env-0123456789")).startKey());
        String other = assertThrows(KeyringException.class, () -> parse(yaml.replace("KIMI_KEY_2", "OTHER_1"), Map.of()))
                .getMessage();
        assertTrue(other.contains("'OTHER_1'"), other);
    }

    @Test
    void should_refuse_a_label_too_long_or_with_a_control_character_and_never_show_the_secret() {
        String tooLong = error(keyring("", ", label: \"" + "x".repeat(65) + "\""));
        assertTrue(tooLong.contains("providers[0].keys[0].label") && tooLong.contains("65 characters")
                && tooLong.contains("at most 64"), tooLong);
        String broken = error(keyring("", ", label: \"two\\nlines\""));
        assertTrue(broken.contains("label") && broken.contains("control character"), broken);
        assertFalse(tooLong.contains("0123456789") || broken.contains("0123456789"), "no secret in the message");
    }
}
