package org.keyrelay.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.keyrelay.selection.Picks.NOW;
import static org.keyrelay.selection.Picks.choices;
import static org.keyrelay.selection.Picks.idle;
import static org.keyrelay.selection.Picks.nextIsRateLimited;
import static org.keyrelay.selection.Picks.picks;
import static org.keyrelay.selection.Picks.pool;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.support.MutableClock;

/** round-robin: each key in turn; a key that is out is skipped. */
class RoundRobinSelectionTest {

    private final MutableClock clock = MutableClock.fixed(NOW);
    private final KeyPool pool = pool(Strategy.ROUND_ROBIN, clock, "abc");

    @Test
    void should_rotate_round_robin_fairly() {
        assertEquals("abcabc", picks(pool, 6));
    }

    @Test
    void should_skip_a_key_that_is_out() {
        pool.disable("b");

        assertEquals("acac", picks(pool, 4));
    }

    @Test
    void should_skip_a_cooling_key_and_take_it_back_when_it_is_over() {
        assertEquals("a", picks(pool, 1));
        assertEquals("b", nextIsRateLimited(pool));

        assertEquals("caca", picks(pool, 4));
        clock.advance(Duration.ofSeconds(30));
        assertEquals("bcab", picks(pool, 4));
    }

    @Test
    void should_rotate_over_candidates_chosen_directly() {
        assertEquals("abcabc", choices(new RoundRobin(), idle("abc"), 6));
    }

    @Test
    void should_pass_the_turn_to_the_next_position_when_the_last_one_is_gone() {
        RoundRobin selector = new RoundRobin();
        List<Candidate> all = idle("abc");
        assertEquals("ab", choices(selector, all, 2));

        assertEquals("c", selector.choose(List.of(all.get(0), all.get(2))).id());
        assertEquals("a", selector.choose(List.of(all.get(0), all.get(1))).id());
    }
}
