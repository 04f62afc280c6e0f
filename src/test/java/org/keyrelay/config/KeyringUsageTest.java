package org.keyrelay.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keyrelay.usage.UsagePoll;

/** A provider's usage: block: presets, the generic form, and errors that name the setting and the value. */
class KeyringUsageTest {

    private static final Path FILE = Path.of("keyring.yaml");

    private static UsagePoll usage(String block) {
        String yaml = "providers:\n  - id: kimi\n    upstream: https://api.kimi.com/coding/v1\n    usage:\n" + block;
        return new KeyringParser(Map.of()).parse(FILE, yaml).providers().get(0).usage();
    }

    private static String error(String block) {
        String yaml = "providers:\n  - id: kimi\n    upstream: https://api.kimi.com/coding/v1\n    usage:\n" + block;
        return assertThrows(KeyringException.class, () -> new KeyringParser(Map.of()).parse(FILE, yaml)).getMessage();
    }

    @Test
    void should_have_no_poll_without_a_usage_block() {
        assertNull(new KeyringParser(Map.of()).parse(FILE, "providers:\n  - id: p\n    upstream: http://127.0.0.1:1\n")
                .providers().get(0).usage());
    }

    @Test
    void should_read_a_preset_with_its_defaults_and_with_settings() {
        UsagePoll kimi = usage("      preset: kimi\n");
        assertEquals("/coding/v1/usages", kimi.path());
        assertEquals(Duration.ofMinutes(5), kimi.every());
        assertEquals(0.98, kimi.stopAt());
        UsagePoll tuned = usage("      preset: openrouter\n      every: 2m\n      stopAt: 90%\n");
        assertEquals("/api/v1/key", tuned.path());
        assertEquals(Duration.ofMinutes(2), tuned.every());
        assertEquals(0.9, tuned.stopAt(), 1e-9);
    }

    @Test
    void should_read_the_generic_form() {
        UsagePoll poll = usage("      path: /v1/quota\n      remaining: /q/left\n      limit: /q/max\n"
                + "      resetAt: /q/reset\n      stopAt: 0.95\n");
        assertEquals("generic", poll.preset());
        assertEquals("/q/left", poll.windows().get(0).remaining());
        assertEquals(0.95, poll.stopAt(), 1e-9);
    }

    @Test
    void should_name_the_setting_and_the_value_of_each_mistake() {
        assertEquals("keyring.yaml:5: providers[0].usage.preset: 'moonshot' is not one of kimi, openrouter, ollama",
                error("      preset: moonshot\n"));
        assertEquals("keyring.yaml:6: providers[0].usage.stopAt: '120%' is not a share of the limit (more than 0 %, "
                + "at most 100 %: 98% or 0.98)", error("      preset: kimi\n      stopAt: 120%\n"));
        assertEquals("keyring.yaml:5: providers[0].usage.every: '1s' must be at least 10s (a poll per key per period)",
                error("      every: 1s\n      preset: kimi\n"));
        assertEquals("keyring.yaml:6: providers[0].usage.remaining: 'usage.remaining' is not a JSON pointer such as "
                + "/usage/remaining", error("      path: /v1/quota\n      remaining: usage.remaining\n"));
        assertEquals("keyring.yaml:5: providers[0].usage.prset: unknown setting (allowed here: every, limit, path, preset, "
                + "remaining, resetAt, stopAt, used)", error("      prset: kimi\n"));
    }
}
