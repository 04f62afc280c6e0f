package org.keyrelay.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each provider's rate-limit headers, from recorded answers, read as budgets by window. */
class BudgetHeadersTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    private static Map<String, Budget> read(String fixture) {
        return BudgetHeaders.read(HeaderFixture.headers(fixture), NOW).stream()
                .collect(Collectors.toMap(Budget::window, Function.identity()));
    }

    @Test
    void openai_requests_and_tokens_with_go_durations() {
        Map<String, Budget> b = read("openai-200-requests-left.http");
        assertEquals(2, b.size(), b.toString());
        assertEquals(500, b.get("requests").limit());
        assertEquals(499, b.get("requests").remaining());
        assertEquals(NOW.plusMillis(120), b.get("requests").resetAt());
        assertEquals(29950, b.get("tokens").remaining());
        assertEquals(NOW.plus(Duration.ofMinutes(6)), b.get("tokens").resetAt());
        assertFalse(b.get("requests").spent(NOW));
    }

    @Test
    void openai_last_request_of_the_window_is_spent_until_its_reset() {
        Budget requests = read("openai-200-last-request-of-the-window.http").get("requests");
        assertEquals(0, requests.remaining());
        assertEquals(NOW.plusSeconds(19), requests.resetAt());
        assertTrue(requests.spent(NOW.plusSeconds(18)));
        assertFalse(requests.spent(NOW.plusSeconds(19)), "refilled at its reset");
        assertEquals(0, Budgets.of(List.of(requests)).headroom(NOW));
        assertEquals(NOW.plusSeconds(19), Budgets.of(List.of(requests)).spentUntil(NOW));
    }

    @Test
    void anthropic_four_windows_with_rfc3339_resets() {
        Map<String, Budget> b = read("anthropic-200-all-windows.http");
        assertEquals(List.of("input-tokens", "output-tokens", "requests", "tokens"), b.keySet().stream().sorted().toList());
        assertEquals(Instant.parse("2026-03-02T10:00:30Z"), b.get("input-tokens").resetAt());
        assertTrue(b.get("input-tokens").spent(NOW));
        assertEquals(49, b.get("requests").remaining());
        assertEquals(Instant.parse("2026-03-02T10:00:00.5Z"), b.get("tokens").resetAt());
        assertEquals(Instant.parse("2026-03-02T10:00:30Z"), Budgets.of(b.values()).spentUntil(NOW));
    }

    @Test
    void moonshot_unsuffixed_headers_with_an_epoch_reset_are_the_requests_window() {
        Budget requests = read("moonshot-200-x-ratelimit-epoch.http").get("requests");
        assertEquals(3, requests.limit());
        assertEquals(2, requests.remaining());
        assertEquals(Instant.parse("2026-03-02T10:01:00Z"), requests.resetAt());
    }

    @Test
    void openrouter_epoch_millis_reset() {
        Budget requests = read("openrouter-200-x-ratelimit-millis.http").get("requests");
        assertEquals(Instant.parse("2026-03-02T10:01:00Z"), requests.resetAt());
        assertTrue(requests.spent(NOW));
    }

    @Test
    void an_answer_without_rate_limit_headers_states_nothing() {
        assertTrue(read("ollama-200-no-rate-limit-headers.http").isEmpty());
    }

    @Test
    void values_that_do_not_read_are_ignored_and_a_missing_reset_is_a_minute() {
        Map<String, Budget> b = read("garbage-values.http");
        assertEquals(List.of("tokens"), List.copyOf(b.keySet()), "only the window whose remaining reads");
        assertEquals(5, b.get("tokens").remaining());
        assertEquals(0, b.get("tokens").limit());
        assertEquals(NOW.plus(BudgetHeaders.DEFAULT_RESET), b.get("tokens").resetAt());
    }

    @Test
    void a_later_report_of_a_window_wins_whatever_the_order() {
        Budget older = new Budget("requests", 3, 0, NOW.plusSeconds(20), NOW, 1);
        Budget newer = new Budget("requests", 3, 2, NOW.plusSeconds(20), NOW.plusSeconds(1), 1);
        assertEquals(newer, Budgets.of(List.of(older)).merge(List.of(newer), NOW).windows().get("requests"));
        assertEquals(newer, Budgets.of(List.of(newer)).merge(List.of(older), NOW).windows().get("requests"));
    }

    @Test
    void stop_at_a_share_of_the_limit_and_people_read_it() {
        Budget weekly = new Budget("weekly", 100, 1, Instant.parse("2026-03-09T00:00:00Z"), NOW, 0.98);
        assertTrue(weekly.spent(NOW), "99 % used, stop at 98 %");
        assertEquals("weekly 99 % used (1 of 100 left), resets Mon 00:00 UTC", weekly.describe(NOW));
        assertFalse(new Budget("weekly", 100, 3, weekly.resetAt(), NOW, 0.98).spent(NOW));
    }
}
