package org.keyrelay.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keyrelay.pool.TestPools.NOW;
import static org.keyrelay.pool.TestPools.acquire;
import static org.keyrelay.pool.TestPools.memory;
import static org.keyrelay.pool.TestPools.pool;
import static org.keyrelay.pool.TestPools.rateLimited;
import static org.keyrelay.pool.TestPools.verdict;
import static org.keyrelay.pool.TestPools.view;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.support.MutableClock;

/** A lease counts its request in flight and settles it exactly once, however many paths try. */
class LeaseTest {

    private final KeyPool pool = pool(MutableClock.fixed(NOW), "a");

    @Test
    void should_count_each_open_lease_in_flight() {
        Lease first = acquire(pool);
        Lease second = acquire(pool);
        assertEquals(2, view(pool, "a").inFlight());

        first.succeeded();
        assertEquals(1, view(pool, "a").inFlight());

        second.released();
        assertEquals(0, view(pool, "a").inFlight());
        assertEquals(2, memory(pool, "a").requests());
    }

    @Test
    void should_settle_a_success_reported_twice_only_once() {
        Lease lease = acquire(pool);

        lease.succeeded();
        lease.succeeded();

        assertEquals(1, memory(pool, "a").successes());
        assertEquals(0, view(pool, "a").inFlight());
    }

    @Test
    void should_ignore_a_failure_reported_after_the_success() {
        Lease lease = acquire(pool);

        lease.succeeded();
        lease.failed(rateLimited());
        lease.failedWithoutCooldown(verdict(FailureClass.TRANSIENT));

        assertEquals(KeyState.ACTIVE, memory(pool, "a").state());
        assertEquals(Map.of(), memory(pool, "a").failures());
        assertEquals(0, view(pool, "a").inFlight());
    }

    @Test
    void should_ignore_a_success_reported_after_the_failure() {
        Lease lease = acquire(pool);

        lease.failed(rateLimited());
        lease.succeeded();

        assertEquals(KeyState.COOLING, memory(pool, "a").state());
        assertEquals(0, memory(pool, "a").successes());
        assertEquals(0, view(pool, "a").inFlight());
    }

    @Test
    void should_ignore_any_outcome_after_a_release() {
        Lease lease = acquire(pool);

        lease.released();
        lease.released();
        lease.failed(verdict(FailureClass.KEY_INVALID));

        assertEquals(KeyState.ACTIVE, memory(pool, "a").state());
        assertEquals(0, view(pool, "a").inFlight());
    }

    @Test
    void should_tell_whether_it_is_still_open() {
        Lease lease = acquire(pool);
        assertTrue(lease.isOpen());

        lease.released();

        assertFalse(lease.isOpen());
    }

    @Test
    void should_name_its_provider_and_key_but_never_the_secret() {
        Lease lease = acquire(pool);

        assertEquals("p", lease.provider());
        assertEquals("a", lease.key().id());
        assertEquals("Lease[p/a]", lease.toString());
    }
}
