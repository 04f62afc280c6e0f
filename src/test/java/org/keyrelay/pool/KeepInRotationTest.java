package org.keyrelay.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keyrelay.pool.TestPools.NOW;
import static org.keyrelay.pool.TestPools.acquire;
import static org.keyrelay.pool.TestPools.memory;
import static org.keyrelay.pool.TestPools.pool;
import static org.keyrelay.pool.TestPools.verdict;
import static org.keyrelay.pool.TestPools.view;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.support.MutableClock;

/** Outcomes that leave the key in rotation: a caller fault, and a failure recorded without a cooldown. */
class KeepInRotationTest {

    private final KeyPool pool = pool(MutableClock.fixed(NOW), "a");

    @Test
    void should_leave_the_key_untouched_on_a_caller_fault() {
        acquire(pool).failed(verdict(FailureClass.CALLER_FAULT));

        KeyMemory a = memory(pool, "a");
        assertEquals(KeyState.ACTIVE, a.state());
        assertNull(a.until());
        assertNull(a.cause());
        assertEquals(100, a.health());
        assertEquals(Map.of(), a.failures());
        assertEquals(0, view(pool, "a").inFlight());
        assertTrue(pool.acquire(null, null).isPresent());
    }

    @Test
    void should_count_a_failure_without_cooldown_but_keep_the_key_usable() {
        acquire(pool).failedWithoutCooldown(verdict(FailureClass.TRANSIENT));

        KeyMemory a = memory(pool, "a");
        assertEquals(KeyState.ACTIVE, a.state());
        assertNull(a.until());
        assertEquals(Map.of(FailureClass.TRANSIENT, 1L), a.failures());
        assertEquals(80, a.health());
        assertEquals(0, view(pool, "a").inFlight());
        assertTrue(pool.acquire(null, null).isPresent());
    }

    @Test
    void should_lower_health_by_the_failure_class_without_cooling() {
        acquire(pool).failedWithoutCooldown(verdict(FailureClass.RATE_LIMITED)); // -15
        acquire(pool).failedWithoutCooldown(verdict(FailureClass.QUOTA_EXHAUSTED)); // -30
        acquire(pool).succeeded(); // +2

        assertEquals(57, memory(pool, "a").health());
        assertEquals(KeyState.ACTIVE, memory(pool, "a").state());
    }

    @Test
    void should_never_let_health_fall_below_zero_or_rise_above_one_hundred() {
        for (int i = 0; i < 10; i++) {
            acquire(pool).failedWithoutCooldown(verdict(FailureClass.QUOTA_EXHAUSTED));
        }
        assertEquals(0, memory(pool, "a").health());

        for (int i = 0; i < 60; i++) {
            acquire(pool).succeeded();
        }
        assertEquals(100, memory(pool, "a").health());
    }
}
