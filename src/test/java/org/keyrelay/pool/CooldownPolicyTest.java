package org.keyrelay.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.keyrelay.pool.TestPools.NOW;
import static org.keyrelay.pool.TestPools.quota;
import static org.keyrelay.pool.TestPools.rateLimited;
import static org.keyrelay.pool.TestPools.rateLimitedUntil;
import static org.keyrelay.pool.TestPools.verdict;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.failure.QuotaWindow;
import org.keyrelay.failure.Verdict;

/** The rules of {@link CooldownPolicy}, one decision at a time, without a pool. */
class CooldownPolicyTest {

    private final CooldownPolicy policy = new CooldownPolicy(CooldownSettings.defaults());

    @Test
    void should_cool_until_the_stated_reset_rather_than_the_default() {
        KeyDecision decision = policy.decide(rateLimitedUntil(NOW.plusSeconds(90)), NOW, 0, null);

        assertEquals(new KeyDecision.CoolDown(NOW.plusSeconds(90), FailureClass.RATE_LIMITED, "too many requests"),
                decision);
    }

    @Test
    void should_prefer_a_stated_reset_even_when_it_is_shorter_than_the_escalated_default() {
        KeyDecision decision = policy.decide(rateLimitedUntil(NOW.plusSeconds(5)), NOW, 4, null);

        assertEquals(NOW.plusSeconds(5), ((KeyDecision.CoolDown) decision).until());
    }

    @Test
    void should_ignore_a_stated_reset_that_has_already_passed() {
        KeyDecision decision = policy.decide(rateLimitedUntil(NOW.minusSeconds(10)), NOW, 0, null);

        assertEquals(NOW.plusSeconds(30), ((KeyDecision.CoolDown) decision).until());
    }

    @Test
    void should_double_the_rate_limit_cooldown_for_each_repeat_up_to_ten_minutes() {
        List<Duration> cooldowns = new ArrayList<>();
        for (int previous = 0; previous <= 7; previous++) {
            KeyDecision.CoolDown cool = (KeyDecision.CoolDown) policy.decide(rateLimited(), NOW, previous, null);
            cooldowns.add(Duration.between(NOW, cool.until()));
        }

        assertEquals(List.of(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120),
                Duration.ofSeconds(240), Duration.ofSeconds(480), Duration.ofMinutes(10), Duration.ofMinutes(10),
                Duration.ofMinutes(10)), cooldowns);
    }

    @Test
    void should_not_overflow_the_escalation_after_a_very_long_run_of_rate_limits() {
        KeyDecision.CoolDown cool = (KeyDecision.CoolDown) policy.decide(rateLimited(), NOW, Integer.MAX_VALUE, null);

        assertEquals(NOW.plus(Duration.ofMinutes(10)), cool.until());
    }

    @ParameterizedTest(name = "{0} window cools for {1}")
    @CsvSource({"SESSION, PT5H", "HOURLY, PT1H", "DAILY, PT24H", "WEEKLY, PT24H", "MONTHLY, PT24H",
            "BILLING_CYCLE, PT24H", "UNKNOWN, PT1H"})
    void should_cool_an_exhausted_quota_for_its_window_default(QuotaWindow window, Duration expected) {
        KeyDecision.CoolDown cool = (KeyDecision.CoolDown) policy.decide(quota(window), NOW, 0, null);

        assertEquals(NOW.plus(expected), cool.until());
        assertEquals(FailureClass.QUOTA_EXHAUSTED, cool.cause());
    }

    @Test
    void should_cool_an_exhausted_quota_until_its_stated_reset() {
        Verdict verdict = new Verdict(FailureClass.QUOTA_EXHAUSTED, "weekly usage limit",
                Optional.of(NOW.plus(Duration.ofDays(3))), QuotaWindow.WEEKLY);

        assertEquals(NOW.plus(Duration.ofDays(3)), ((KeyDecision.CoolDown) policy.decide(verdict, NOW, 0, null)).until());
    }

    @Test
    void should_cool_a_transient_failure_briefly() {
        KeyDecision decision = policy.decide(verdict(FailureClass.TRANSIENT), NOW, 0, "m1");

        assertEquals(new KeyDecision.CoolDown(NOW.plusSeconds(5), FailureClass.TRANSIENT, "transient"), decision);
    }

    @Test
    void should_invalidate_a_rejected_key_with_a_probe_after_the_fail_window() {
        KeyDecision decision = policy.decide(verdict(FailureClass.KEY_INVALID), NOW, 0, null);

        assertEquals(new KeyDecision.Invalidate(NOW.plus(Duration.ofHours(5)), "key_invalid"), decision);
    }

    @Test
    void should_cool_only_the_model_a_key_may_not_use() {
        KeyDecision decision = policy.decide(verdict(FailureClass.MODEL_FORBIDDEN), NOW, 0, "big-model");

        assertEquals(new KeyDecision.CoolModel("big-model", NOW.plus(Duration.ofHours(24)), "model_forbidden"), decision);
    }

    @Test
    void should_cool_the_key_briefly_when_a_forbidden_model_is_not_known() {
        KeyDecision decision = policy.decide(verdict(FailureClass.MODEL_FORBIDDEN), NOW, 0, null);

        assertEquals(new KeyDecision.CoolDown(NOW.plusSeconds(5), FailureClass.MODEL_FORBIDDEN, "model_forbidden"),
                decision);
    }

    @Test
    void should_keep_the_key_on_a_caller_fault() {
        assertEquals(new KeyDecision.Keep(), policy.decide(verdict(FailureClass.CALLER_FAULT), NOW, 3, "m1"));
    }
}
