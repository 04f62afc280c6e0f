package org.keyrelay.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.keyrelay.selection.Picks.NOW;
import static org.keyrelay.selection.Picks.pool;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.pool.Lease;
import org.keyrelay.support.MutableClock;

/** least-used: the key with the fewest requests in flight; ties to the one that served fewest, then list order. */
class LeastUsedSelectionTest {

    private final KeyPool pool = pool(Strategy.LEAST_USED, MutableClock.fixed(NOW), "abc");
    private final List<Lease> open = new ArrayList<>();

    private String hold() {
        Lease lease = pool.acquire(null, null).orElseThrow();
        open.add(lease);
        return lease.key().id();
    }

    private void finish(String id) {
        Lease lease = open.stream().filter(l -> l.key().id().equals(id)).findFirst().orElseThrow();
        open.remove(lease);
        lease.succeeded();
    }

    @Test
    void should_spread_concurrent_requests_over_idle_keys() {
        assertEquals("abc", hold() + hold() + hold());
    }

    @Test
    void should_pick_the_key_with_fewest_requests_in_flight() {
        assertEquals("abcabc", hold() + hold() + hold() + hold() + hold() + hold());
        finish("b");
        finish("b");
        finish("c");

        assertEquals("bcb", hold() + hold() + hold());
    }

    @Test
    void should_prefer_the_key_that_served_fewest_when_all_are_idle() {
        assertEquals("abc", hold() + hold() + hold());
        finish("a");
        finish("b");
        finish("c");
        assertEquals("a", hold());
        finish("a");

        assertEquals("b", hold());
    }

    @Test
    void should_pick_the_least_busy_candidate_directly() {
        List<Candidate> candidates = List.of(
                new Candidate("a", 0, 1, 100, 3, 10),
                new Candidate("b", 1, 1, 100, 1, 50),
                new Candidate("c", 2, 1, 100, 1, 20),
                new Candidate("d", 3, 1, 100, 2, 0));

        assertEquals("c", new LeastUsed().choose(candidates).id());
    }
}
