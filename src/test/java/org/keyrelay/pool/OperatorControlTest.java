package org.keyrelay.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keyrelay.pool.TestPools.NOW;
import static org.keyrelay.pool.TestPools.acquire;
import static org.keyrelay.pool.TestPools.memory;
import static org.keyrelay.pool.TestPools.pool;
import static org.keyrelay.pool.TestPools.rateLimited;
import static org.keyrelay.pool.TestPools.verdict;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.support.MutableClock;

/** An operator switches keys off and on; only an operator brings a disabled key back. */
class OperatorControlTest {

    private final MutableClock clock = MutableClock.fixed(NOW);
    private final KeyPool pool = pool(clock, "a");

    @Test
    void should_keep_a_disabled_key_out_of_rotation() {
        assertTrue(pool.disable("a"));

        assertEquals(KeyState.DISABLED, memory(pool, "a").state());
        assertTrue(pool.acquire(null, null).isEmpty());
        clock.advance(Duration.ofDays(30));
        assertTrue(pool.acquire(null, null).isEmpty(), "time alone never brings a disabled key back");
    }

    @Test
    void should_bring_a_disabled_key_back_when_enabled() {
        pool.disable("a");

        assertTrue(pool.enable("a"));

        assertEquals(KeyState.ACTIVE, memory(pool, "a").state());
        assertTrue(pool.acquire(null, null).isPresent());
    }

    @Test
    void should_reset_cooldown_health_and_escalation_when_enabled() {
        acquire(pool).failed(rateLimited());

        pool.enable("a");

        KeyMemory a = memory(pool, "a");
        assertEquals(KeyState.ACTIVE, a.state());
        assertNull(a.until());
        assertEquals(100, a.health());
        assertEquals(0, a.consecutiveRateLimits());
    }

    @Test
    void should_keep_a_key_disabled_when_a_request_it_was_serving_fails() {
        Lease inFlight = acquire(pool);
        pool.disable("a");

        inFlight.failed(rateLimited());

        assertEquals(KeyState.DISABLED, memory(pool, "a").state());
        assertNull(memory(pool, "a").until());
    }

    @Test
    void should_keep_a_key_disabled_when_a_request_it_was_serving_is_rejected_as_invalid() {
        Lease inFlight = acquire(pool);
        pool.disable("a");

        inFlight.failed(verdict(FailureClass.KEY_INVALID));

        assertEquals(KeyState.DISABLED, memory(pool, "a").state());
    }

    @Test
    void should_keep_a_key_disabled_when_a_request_it_was_serving_succeeds() {
        Lease inFlight = acquire(pool);
        pool.disable("a");

        inFlight.succeeded();

        assertEquals(KeyState.DISABLED, memory(pool, "a").state());
        assertTrue(pool.acquire(null, null).isEmpty());
    }

    @Test
    void should_report_no_return_time_for_a_pool_of_disabled_keys() {
        pool.disable("a");

        assertEquals(new Availability(0, 0, Optional.empty()), pool.availability(null));
    }

    @Test
    void should_answer_false_for_a_key_the_pool_does_not_have() {
        assertFalse(pool.enable("zz"));
        assertFalse(pool.disable("zz"));
    }
}
