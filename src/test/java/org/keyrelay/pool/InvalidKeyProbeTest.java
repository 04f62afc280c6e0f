package org.keyrelay.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.keyrelay.selection.Strategy;
import org.keyrelay.support.MutableClock;

/** A key rejected as invalid stays out; after the fail window (5 h) exactly one probe request may try it. */
class InvalidKeyProbeTest {

    private static final Duration FAIL_WINDOW = Duration.ofHours(5);

    private final MutableClock clock = MutableClock.fixed(NOW);
    private final KeyPool pool = pool(clock, "a");

    @Test
    void should_put_a_rejected_key_out_as_invalid() {
        acquire(pool).failed(verdict(FailureClass.KEY_INVALID));

        KeyMemory a = memory(pool, "a");
        assertEquals(KeyState.INVALID, a.state());
        assertEquals(FailureClass.KEY_INVALID, a.cause());
        assertEquals(NOW.plus(FAIL_WINDOW), a.until());
        assertTrue(pool.acquire(null, null).isEmpty());
    }

    @Test
    void should_keep_an_invalid_key_out_until_the_fail_window_has_passed() {
        acquire(pool).failed(verdict(FailureClass.KEY_INVALID));

        clock.advance(FAIL_WINDOW.minusSeconds(1));

        assertTrue(pool.acquire(null, null).isEmpty());
        assertEquals(new Availability(1, 0, Optional.of(NOW.plus(FAIL_WINDOW))), pool.availability(null));
    }

    @Test
    void should_let_exactly_one_probe_through_when_the_fail_window_has_passed() {
        acquire(pool).failed(verdict(FailureClass.KEY_INVALID));
        clock.advance(FAIL_WINDOW);

        Optional<Lease> probe = pool.acquire(null, null);
        Optional<Lease> second = pool.acquire(null, null);

        assertTrue(probe.isPresent(), "the probe");
        assertTrue(second.isEmpty(), "a second request at the same instant must not get the key");
        assertEquals(KeyState.INVALID, memory(pool, "a").state());
    }

    @Test
    void should_send_one_probe_among_many_requests_to_a_mixed_pool() {
        KeyPool mixed = pool(Strategy.ROUND_ROBIN, clock, "a", "b");
        acquire(mixed).failed(verdict(FailureClass.KEY_INVALID)); // a
        clock.advance(FAIL_WINDOW);

        StringBuilder picks = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            Lease lease = acquire(mixed);
            picks.append(lease.key().id());
            lease.released();
        }

        assertEquals(1, picks.chars().filter(c -> c == 'a').count(), picks.toString());
    }

    @Test
    void should_bring_an_invalid_key_back_when_its_probe_succeeds() {
        acquire(pool).failed(verdict(FailureClass.KEY_INVALID));
        clock.advance(FAIL_WINDOW);

        acquire(pool).succeeded();

        assertEquals(KeyState.ACTIVE, memory(pool, "a").state());
        assertTrue(pool.acquire(null, null).isPresent());
    }

    @Test
    void should_wait_another_fail_window_when_the_probe_is_rejected_again() {
        acquire(pool).failed(verdict(FailureClass.KEY_INVALID));
        clock.advance(FAIL_WINDOW);

        acquire(pool).failed(verdict(FailureClass.KEY_INVALID));

        assertEquals(KeyState.INVALID, memory(pool, "a").state());
        assertEquals(NOW.plus(FAIL_WINDOW).plus(FAIL_WINDOW), memory(pool, "a").until());
        clock.advance(FAIL_WINDOW.minusSeconds(1));
        assertTrue(pool.acquire(null, null).isEmpty());
    }

    @Test
    void should_not_turn_an_invalid_key_into_a_cooling_one_on_a_later_rate_limit() {
        Lease first = acquire(pool);
        Lease second = acquire(pool);

        first.failed(verdict(FailureClass.KEY_INVALID));
        second.failed(rateLimited());

        assertEquals(KeyState.INVALID, memory(pool, "a").state());
        assertEquals(NOW.plus(FAIL_WINDOW), memory(pool, "a").until());
    }

    @Test
    void should_bring_an_invalid_key_back_at_once_when_an_operator_enables_it() {
        acquire(pool).failed(verdict(FailureClass.KEY_INVALID));

        assertTrue(pool.enable("a"));

        assertEquals(KeyState.ACTIVE, memory(pool, "a").state());
        assertTrue(pool.acquire(null, null).isPresent());
    }
}
