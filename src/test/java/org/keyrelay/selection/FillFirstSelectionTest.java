package org.keyrelay.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.keyrelay.selection.Picks.NOW;
import static org.keyrelay.selection.Picks.choices;
import static org.keyrelay.selection.Picks.idle;
import static org.keyrelay.selection.Picks.nextIsRateLimited;
import static org.keyrelay.selection.Picks.picks;
import static org.keyrelay.selection.Picks.pool;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.support.MutableClock;

/** fill-first: always the first usable key in list order, so keys are drained one after another. */
class FillFirstSelectionTest {

    private final MutableClock clock = MutableClock.fixed(NOW);
    private final KeyPool pool = pool(Strategy.FILL_FIRST, clock, "abc");

    @Test
    void should_use_the_first_key_while_it_works() {
        assertEquals("aaaa", picks(pool, 4));
    }

    @Test
    void should_drain_keys_in_list_order() {
        assertEquals("a", nextIsRateLimited(pool));
        assertEquals("bbb", picks(pool, 3));
        assertEquals("b", nextIsRateLimited(pool));

        assertEquals("ccc", picks(pool, 3));
    }

    @Test
    void should_go_back_to_the_first_key_as_soon_as_it_is_usable() {
        assertEquals("a", nextIsRateLimited(pool));
        assertEquals("bb", picks(pool, 2));

        clock.advance(Duration.ofSeconds(30));

        assertEquals("aaa", picks(pool, 3));
    }

    @Test
    void should_choose_the_first_candidate_directly() {
        assertEquals("bbb", choices(new FillFirst(), idle("abc").subList(1, 3), 3));
    }
}
