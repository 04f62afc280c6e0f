package org.keyrelay.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keyrelay.pool.TestPools.NOW;
import static org.keyrelay.pool.TestPools.acquire;
import static org.keyrelay.pool.TestPools.memory;
import static org.keyrelay.pool.TestPools.verdict;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.selection.Strategy;
import org.keyrelay.support.MutableClock;

/** Recovery switched off (health stays where penalties put it) and a pool-wide refresh (every key reset at once). */
class RecoveryControlsTest {

    private final MutableClock clock = MutableClock.fixed(NOW);

    private KeyPool pool(RecoverySettings recovery, String... ids) {
        List<ApiKey> keys = java.util.Arrays.stream(ids).map(id -> new ApiKey(id, TestPools.secretOf(id), 1)).toList();
        return new KeyPool("p", keys, Strategy.FILL_FIRST, new CooldownPolicy(CooldownSettings.defaults()), recovery,
                clock);
    }

    @Test
    void should_keep_a_penalised_health_when_recovery_is_off() {
        KeyPool pool = pool(RecoverySettings.off(3, Duration.ofSeconds(1)), "a");
        acquire(pool).failedWithoutCooldown(verdict(FailureClass.QUOTA_EXHAUSTED)); // 70

        clock.advance(Duration.ofDays(3));
        assertEquals(70, memory(pool, "a").health(), "no health comes back by itself");

        acquire(pool).succeeded();
        assertEquals(72, memory(pool, "a").health(), "a success still adds its points");
    }

    @Test
    void should_tell_whether_health_recovers() {
        assertTrue(RecoverySettings.defaults().recovers());
        assertFalse(RecoverySettings.off(0, Duration.ZERO).recovers());
        assertThrows(IllegalArgumentException.class, () -> new RecoverySettings(Duration.ofMinutes(1), -1, 0, Duration.ZERO));
    }

    @Test
    void should_give_every_key_a_fresh_start_but_leave_a_disabled_key_disabled() {
        KeyPool pool = pool(RecoverySettings.off(3, Duration.ofSeconds(1)), "a", "b", "c", "d");
        acquire(pool).failed(verdict(FailureClass.RATE_LIMITED)); // a: cooling, 85
        acquire(pool).failed(verdict(FailureClass.KEY_INVALID)); // b: invalid, 80
        pool.disable("c");
        acquire(pool, "big-model").failed(verdict(FailureClass.MODEL_FORBIDDEN)); // d: model cooled, 80
        List<PoolEvent> events = new ArrayList<>();
        pool.subscribe(events::add);

        pool.refresh();

        assertEquals(KeyState.ACTIVE, memory(pool, "a").state());
        assertEquals(100, memory(pool, "a").health());
        assertEquals(KeyState.ACTIVE, memory(pool, "b").state());
        assertEquals(100, memory(pool, "b").health());
        assertEquals(KeyState.DISABLED, memory(pool, "c").state(), "an operator's disable stays");
        assertEquals(Map.of(), memory(pool, "d").modelCooldowns());
        assertEquals(100, memory(pool, "d").health());
        assertEquals(3, pool.readiness().values().stream().filter(Readiness::usable).count());
        assertEquals("a", acquire(pool).key().id(), "the first key serves again at once");
        assertTrue(events.stream().anyMatch(e -> e instanceof PoolEvent.StateChanged s && s.keyId().equals("b")
                && s.to() == KeyState.ACTIVE && s.reason().equals(KeyRules.RESET_BY_OPERATOR)), events.toString());
    }

    @Test
    void should_change_nothing_on_a_pool_that_is_already_fresh() {
        KeyPool pool = pool(RecoverySettings.defaults(), "a", "b");
        List<PoolEvent> events = new ArrayList<>();
        pool.subscribe(events::add);

        pool.refresh();

        assertEquals(List.of(), events);
    }
}
