package org.keyrelay.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keyrelay.pool.TestPools.NOW;
import static org.keyrelay.pool.TestPools.acquire;
import static org.keyrelay.pool.TestPools.memory;
import static org.keyrelay.pool.TestPools.quota;
import static org.keyrelay.pool.TestPools.rateLimited;
import static org.keyrelay.pool.TestPools.verdict;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.failure.QuotaWindow;
import org.keyrelay.selection.Strategy;
import org.keyrelay.support.MutableClock;

/** A provider's own cooldown defaults and fail window (keyring failWindow / cooldowns) are what the pool applies. */
class ConfiguredCooldownsTest {

    private final MutableClock clock = MutableClock.fixed(NOW);
    private final KeyPool pool;

    ConfiguredCooldownsTest() {
        Map<QuotaWindow, Duration> windows = new EnumMap<>(CooldownSettings.defaults().quotaWindows());
        windows.put(QuotaWindow.WEEKLY, Duration.ofDays(7));
        CooldownSettings settings = new CooldownSettings(Duration.ofSeconds(10), Duration.ofSeconds(40),
                Duration.ofSeconds(2), Duration.ofHours(2), Duration.ofHours(1), windows);
        pool = new KeyPool("p", List.of(new ApiKey("a", TestPools.secretOf("a"), 1)), Strategy.ROUND_ROBIN,
                new CooldownPolicy(settings), RecoverySettings.defaults(), clock);
    }

    @Test
    void should_let_the_probe_through_after_the_configured_fail_window() {
        acquire(pool).failed(verdict(FailureClass.KEY_INVALID));

        clock.advance(Duration.ofHours(2).minusSeconds(1));
        assertTrue(pool.acquire(null, null).isEmpty());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(pool.acquire(null, null).isPresent(), "the one probe");
        assertTrue(pool.acquire(null, null).isEmpty(), "no second request until the probe has answered");
        assertEquals(clock.instant().plus(Duration.ofHours(2)), memory(pool, "a").until(), "the next probe");
    }

    @Test
    void should_escalate_rate_limits_from_the_configured_base_to_the_configured_ceiling() {
        List<Long> seconds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            acquire(pool).failed(rateLimited());
            Duration cooldown = Duration.between(clock.instant(), memory(pool, "a").until());
            seconds.add(cooldown.toSeconds());
            clock.advance(cooldown);
        }

        assertEquals(List.of(10L, 20L, 40L, 40L), seconds);
    }

    @Test
    void should_cool_for_the_configured_transient_and_quota_defaults() {
        acquire(pool).failed(verdict(FailureClass.TRANSIENT));
        assertEquals(NOW.plusSeconds(2), memory(pool, "a").until());
        clock.advance(Duration.ofSeconds(2));

        acquire(pool).failed(quota(QuotaWindow.WEEKLY));

        assertEquals(clock.instant().plus(Duration.ofDays(7)), memory(pool, "a").until());
    }

    @Test
    void should_cool_a_forbidden_model_for_the_configured_time() {
        acquire(pool, "big").failed(verdict(FailureClass.MODEL_FORBIDDEN));

        assertEquals(Map.of("big", NOW.plus(Duration.ofHours(1))), memory(pool, "a").modelCooldowns());
    }
}
