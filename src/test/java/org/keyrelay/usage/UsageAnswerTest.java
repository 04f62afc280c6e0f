package org.keyrelay.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each preset's usage answer, from recorded shapes, read as budgets; answers that do not read say so. */
class UsageAnswerTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final Duration EVERY = Duration.ofMinutes(5);

    private static Map<String, Budget> read(String preset, String fixture) throws Exception {
        String body = HeaderFixture.resource("/fixtures/usage-endpoints/" + fixture);
        return UsageAnswer.read(body, UsagePoll.preset(preset, EVERY, 0.98), NOW).stream()
                .collect(Collectors.toMap(Budget::window, Function.identity()));
    }

    @Test
    void kimi_weekly_usage_and_the_five_hour_window_from_text_numbers() throws Exception {
        Map<String, Budget> b = read("kimi", "kimi-usages-99-percent.json");
        assertEquals(1, b.get("weekly").remaining());
        assertEquals(100, b.get("weekly").limit());
        assertEquals(Instant.parse("2026-03-09T00:00:00Z"), b.get("weekly").resetAt());
        assertTrue(b.get("weekly").spent(NOW), "99 % used, stop at 98 %");
        assertFalse(b.get("session").spent(NOW));
        assertEquals(Instant.parse("2026-03-09T00:00:00Z"), Budgets.of(b.values()).spentUntil(NOW));
        assertFalse(read("kimi", "kimi-usages-10-percent.json").get("weekly").spent(NOW));
    }

    @Test
    void openrouter_credit_left_of_the_key_limit_until_the_next_poll() throws Exception {
        Budget credit = read("openrouter", "openrouter-key.json").get("credit");
        assertEquals(10, credit.limit());
        assertEquals(0.1, credit.remaining(), 1e-9);
        assertEquals(NOW.plus(EVERY), credit.resetAt(), "no reset time stated: the next poll says");
        assertTrue(credit.spent(NOW));
    }

    @Test
    void openrouter_key_without_a_limit_states_nothing() {
        assertThrows(UsageAnswer.Unreadable.class, () -> read("openrouter", "openrouter-key-unlimited.json"));
    }

    @Test
    void ollama_fractions_read_as_percentages() throws Exception {
        Map<String, Budget> b = read("ollama", "ollama-usage.json");
        assertEquals(27, b.get("weekly").remaining(), 1e-9);
        assertEquals(73, b.get("weekly").usedPercent(NOW));
        assertEquals("weekly 73 % used (27 of 100 left), resets Mon 00:00 UTC", b.get("weekly").describe(NOW));
        assertEquals(58, b.get("session").remaining(), 1e-9);
    }

    @Test
    void garbage_and_html_do_not_read() {
        UsagePoll kimi = UsagePoll.preset("kimi", EVERY, 0.98);
        assertThrows(UsageAnswer.Unreadable.class, () -> UsageAnswer.read("<html>502</html>", kimi, NOW));
        assertThrows(UsageAnswer.Unreadable.class, () -> UsageAnswer.read("\"text\"", kimi, NOW));
        assertThrows(UsageAnswer.Unreadable.class, () -> UsageAnswer.read("{\"usage\":{\"remaining\":\"lots\"}}", kimi, NOW));
    }

    @Test
    void generic_form_with_used_and_limit_and_an_epoch_reset() throws Exception {
        UsagePoll poll = UsagePoll.generic("/v1/quota", null, "/q/used", "/q/max", "/q/reset", EVERY, 1);
        Budget b = UsageAnswer.read("{\"q\":{\"used\":500,\"max\":500,\"reset\":1772449200}}", poll, NOW).get(0);
        assertEquals("usage", b.window());
        assertEquals(0, b.remaining());
        assertEquals(Instant.parse("2026-03-02T11:00:00Z"), b.resetAt());
        assertTrue(b.spent(NOW));
    }
}
