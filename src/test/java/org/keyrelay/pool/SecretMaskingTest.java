package org.keyrelay.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keyrelay.pool.TestPools.NOW;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keyrelay.selection.Strategy;
import org.keyrelay.support.MutableClock;

/** A secret prints only masked, whatever prints it. */
class SecretMaskingTest {

    private static final String VALUE = "sk-test-alpha-0001";

    @Test
    void should_show_the_first_five_and_last_four_characters_of_a_long_secret() {
        assertEquals("sk-te…0001", new Secret(VALUE).masked());
    }

    @Test
    void should_print_masked() {
        assertEquals("sk-te…0001", new Secret(VALUE).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "key-a", "sk-test-0012", "sk-test-00013", VALUE, "sk-ant-test-only-fake"})
    void should_never_show_the_whole_value(String value) {
        Secret secret = new Secret(value);

        assertFalse(secret.masked().contains(value), secret.masked());
        assertFalse(secret.toString().contains(value), secret.toString());
    }

    @Test
    void should_show_only_the_last_two_characters_of_a_short_secret() {
        assertEquals("…12", new Secret("sk-test-0012").masked());
    }

    @Test
    void should_reveal_the_value_without_surrounding_whitespace() {
        assertEquals(VALUE, new Secret("  " + VALUE + "\n").reveal());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void should_refuse_an_empty_secret(String value) {
        assertThrows(IllegalArgumentException.class, () -> new Secret(value));
    }

    @Test
    void should_compare_secrets_by_value() {
        assertEquals(new Secret(VALUE), new Secret(VALUE));
        assertEquals(new Secret(VALUE).hashCode(), new Secret(VALUE).hashCode());
        assertNotEquals(new Secret(VALUE), new Secret("sk-test-beta-0002"));
    }

    @Test
    void should_print_an_api_key_with_its_secret_masked() {
        ApiKey key = new ApiKey("alpha", new Secret(VALUE), 2);

        assertEquals("ApiKey[alpha sk-te…0001 weight=2]", key.toString());
        assertFalse(key.toString().contains(VALUE));
    }

    @Test
    void should_show_operators_only_the_masked_secret() {
        KeyPool pool = new KeyPool("p", List.of(new ApiKey("alpha", new Secret(VALUE), 1)), Strategy.ROUND_ROBIN,
                new CooldownPolicy(CooldownSettings.defaults()), MutableClock.fixed(NOW));

        KeyView view = pool.view().get(0);

        assertEquals("sk-te…0001", view.maskedSecret());
        assertFalse(view.toString().contains(VALUE));
        assertFalse(pool.toString().contains(VALUE));
        assertFalse(pool.keys().toString().contains(VALUE));
    }

    @Test
    void should_refuse_a_key_without_an_id_or_with_a_weight_below_one() {
        IllegalArgumentException noId = assertThrows(IllegalArgumentException.class,
                () -> new ApiKey(" ", new Secret(VALUE), 1));
        IllegalArgumentException noWeight = assertThrows(IllegalArgumentException.class,
                () -> new ApiKey("alpha", new Secret(VALUE), 0));

        assertEquals("a key id must not be empty", noId.getMessage());
        assertEquals("key 'alpha': weight must be at least 1, was 0", noWeight.getMessage());
        assertFalse(noWeight.getMessage().contains(VALUE));
        assertTrue(noWeight.getMessage().contains("alpha"));
    }
}
