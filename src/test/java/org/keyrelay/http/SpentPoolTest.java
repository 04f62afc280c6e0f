package org.keyrelay.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.http.SpentPool.KeyOut;

/** The message a client reads when no key can serve, and what it is told about asking again. */
class SpentPoolTest {

    /** Sunday, Nov 29 2026, 18:00 UTC. */
    private static final Instant NOW = Instant.parse("2026-11-29T18:00:00Z");

    private static Map<String, String> headers(RetryAdvice advice) {
        return Map.ofEntries(advice.headers().toArray(Map.Entry[]::new));
    }

    @Test
    void names_the_provider_the_keys_why_each_is_out_and_when_the_first_is_back() {
        SpentPool spent = new SpentPool("kimi", List.of(
                new KeyOut("q1", FailureClass.QUOTA_EXHAUSTED, "weekly usage limit", Instant.parse("2026-11-30T00:00:00Z")),
                new KeyOut("q2", FailureClass.QUOTA_EXHAUSTED, "billing cycle", Instant.parse("2026-12-08T09:12:00Z"))),
                NOW, "KIMI_API_KEY");

        Problem problem = spent.problem();

        assertEquals(429, problem.status());
        assertEquals("keys_exhausted", problem.type());
        assertEquals("All 2 keys of 'kimi' are out of quota: q1 (weekly usage limit) until Mon 00:00 UTC, "
                + "q2 (billing cycle) until Dec 8 09:12 UTC. The first is back in 6 h (Mon 00:00 UTC).", problem.message());
        assertEquals("2026-11-30T00:00:00Z", problem.details().get("retry_at"));
        assertEquals(21600L, problem.details().get("retry_after_seconds"));
    }

    @Test
    void a_long_wait_gives_no_retry_after_but_the_exact_time_and_no_retry() {
        RetryAdvice advice = new RetryAdvice(NOW.plusSeconds(61), NOW);

        Map<String, String> headers = headers(advice);

        assertFalse(headers.containsKey("Retry-After"));
        assertEquals("false", headers.get("x-should-retry"));
        assertEquals("2026-11-29T18:01:01Z", headers.get("X-Keyrelay-Retry-At"));
    }

    @Test
    void a_wait_of_at_most_a_minute_is_one_to_sleep_on() {
        Map<String, String> headers = headers(new RetryAdvice(NOW.plusMillis(59_500), NOW));

        assertEquals("60", headers.get("Retry-After"));
        assertFalse(headers.containsKey("x-should-retry"));
        assertTrue(headers.containsKey("X-Keyrelay-Retry-At"));
    }

    @Test
    void mixed_causes_and_an_operators_key_are_told_apart() {
        SpentPool spent = new SpentPool("p", List.of(
                new KeyOut("a", FailureClass.RATE_LIMITED, "HTTP 429", NOW.plusSeconds(45)),
                new KeyOut("b", null, "disabled by an operator", null)), NOW, null);

        assertEquals("All 2 keys of 'p' are out: a (HTTP 429) until 18:00:45 UTC, b (disabled by an operator). "
                + "The first is back in 45 s (18:00:45 UTC).", spent.problem().message());
    }

    @Test
    void no_key_that_comes_back_by_itself_is_503_no_keys() {
        SpentPool spent = new SpentPool("p", List.of(new KeyOut("a", null, "disabled by an operator", null)), NOW,
                "P_KEY");

        Problem problem = spent.problem();

        assertEquals(503, problem.status());
        assertEquals("no_keys", problem.type());
        assertEquals("Provider 'p' has no enabled key (a (disabled by an operator)). Add one under its keys: in the "
                + "keyring or set P_KEY, or enable a disabled key.", problem.message());
    }

    @Test
    void each_api_style_is_decided_by_the_path_then_the_auth_style() {
        assertEquals(ApiStyle.OLLAMA, ApiStyle.of("/api/chat", AuthStyle.BEARER));
        assertEquals(ApiStyle.ANTHROPIC, ApiStyle.of("/v1/messages", AuthStyle.BEARER));
        assertEquals(ApiStyle.ANTHROPIC, ApiStyle.of("/v1/messages/count_tokens", null));
        assertEquals(ApiStyle.ANTHROPIC, ApiStyle.of("/v1/models", AuthStyle.X_API_KEY));
        assertEquals(ApiStyle.OPENAI, ApiStyle.of("/v1/chat/completions", AuthStyle.BEARER));
        assertEquals(ApiStyle.OPENAI, ApiStyle.of("", null));
    }

    @Test
    void a_request_out_of_key_switches_names_the_keys_it_tried_429_when_each_was_limited_else_502() {
        KeyOut limited = new KeyOut("a", FailureClass.RATE_LIMITED, "rate limit", NOW.plusSeconds(40));
        KeyOut invalid = new KeyOut("b", FailureClass.KEY_INVALID, "invalid api key", NOW.plusSeconds(86400));
        SpentPool pool = new SpentPool("p", List.of(limited, invalid), NOW, null);

        Problem rateLimited = pool.rotationsUsedUp(Map.of("a", FailureClass.RATE_LIMITED), 2, 0);
        Map<String, FailureClass> tried = new LinkedHashMap<>();
        tried.put("a", FailureClass.RATE_LIMITED);
        tried.put("b", FailureClass.KEY_INVALID);
        tried.put("c", FailureClass.QUOTA_EXHAUSTED);
        Problem failed = pool.rotationsUsedUp(tried, 2, 2);

        assertEquals(429, rateLimited.status());
        assertEquals("rotations_exhausted", rateLimited.type());
        assertEquals("Provider 'p' did not serve this request: the key tried failed: a (rate limit) until 18:00:40 UTC. "
                + "A request may switch keys 0 times (maxRotations); 2 other keys are usable now: ask again.",
                rateLimited.message());
        assertEquals(502, failed.status(), "an invalid key is not a rate limit");
        assertTrue(failed.message().contains("each of the 3 keys tried failed: a (rate limit) until 18:00:40 UTC, "
                + "b (invalid api key) until Mon 18:00 UTC, c (quota exhausted, back now)."), failed.message());
        assertEquals(Map.of("provider", "p", "keys_tried", 3, "keys_usable", 2), failed.details());
        assertEquals(429, pool.rotationsUsedUp(Map.of("a", FailureClass.RATE_LIMITED, "c",
                FailureClass.QUOTA_EXHAUSTED), 2, 1).status(), "a key back by now was still limited when tried");
    }
}
