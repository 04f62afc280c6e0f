package org.keyrelay.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.keyrelay.pool.TestPools.NOW;
import static org.keyrelay.pool.TestPools.pool;
import static org.keyrelay.pool.TestPools.rateLimitedUntil;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.keyrelay.support.MutableClock;

/** {@link KeyPool#availability}: keys enabled, keys usable now, and when the first cooling key is back. */
class AvailabilityTest {

    private final MutableClock clock = MutableClock.fixed(NOW);
    private final KeyPool pool = pool(clock, "a", "b", "c");

    private void coolUntil(String id, Duration fromNow) {
        Lease lease = pool.acquire(null, id).orElseThrow();
        assertEquals(id, lease.key().id());
        lease.failed(rateLimitedUntil(NOW.plus(fromNow)));
    }

    @Test
    void should_count_every_key_when_all_are_usable() {
        assertEquals(new Availability(3, 3, Optional.empty()), pool.availability(null));
    }

    @Test
    void should_name_no_return_time_while_some_key_is_usable() {
        coolUntil("a", Duration.ofSeconds(30));
        coolUntil("b", Duration.ofSeconds(60));

        assertEquals(new Availability(3, 1, Optional.empty()), pool.availability(null));
    }

    @Test
    void should_name_the_soonest_return_when_no_key_is_usable() {
        coolUntil("a", Duration.ofSeconds(90));
        coolUntil("b", Duration.ofSeconds(30));
        pool.disable("c");

        assertEquals(new Availability(2, 0, Optional.of(NOW.plusSeconds(30))), pool.availability(null));
    }

    @Test
    void should_count_a_key_as_usable_again_once_its_cooldown_is_over() {
        coolUntil("a", Duration.ofSeconds(90));
        coolUntil("b", Duration.ofSeconds(30));
        pool.disable("c");

        clock.advance(Duration.ofSeconds(30));

        assertEquals(new Availability(2, 1, Optional.empty()), pool.availability(null));
    }
}
