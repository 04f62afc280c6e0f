package org.keyrelay.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.keyrelay.pool.TestPools.NOW;
import static org.keyrelay.pool.TestPools.acquire;
import static org.keyrelay.pool.TestPools.pool;
import static org.keyrelay.pool.TestPools.rateLimited;

import org.junit.jupiter.api.Test;
import org.keyrelay.support.MutableClock;

/** acquire(model, preferred): a retry stays on the same key while it is usable, without moving the rotation. */
class RetrySameKeyTest {

    private final KeyPool pool = pool(MutableClock.fixed(NOW), "a", "b", "c");

    private String next(String preferred) {
        Lease lease = pool.acquire(null, preferred).orElseThrow();
        lease.succeeded();
        return lease.key().id();
    }

    @Test
    void should_give_the_preferred_key_without_moving_the_rotation() {
        String picks = next(null) + next("a") + next("a") + next(null) + next(null);

        assertEquals("aaabc", picks);
    }

    @Test
    void should_choose_normally_when_the_preferred_key_is_out() {
        acquire(pool).failed(rateLimited()); // a

        assertEquals("b", next("a"));
    }

    @Test
    void should_choose_normally_when_the_preferred_key_is_unknown() {
        assertEquals("a", next("zz"));
    }
}
