package org.keyrelay.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.keyrelay.selection.Picks.NOW;
import static org.keyrelay.selection.Picks.choices;
import static org.keyrelay.selection.Picks.picks;
import static org.keyrelay.selection.Picks.pool;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.support.MutableClock;

/** weighted: smooth weighted round-robin, spread out ("aba") rather than bunched ("aab"). */
class WeightedSelectionTest {

    private final MutableClock clock = MutableClock.fixed(NOW);

    private static long count(String picks, char key) {
        return picks.chars().filter(c -> c == key).count();
    }

    @Test
    void should_spread_weights_two_and_one_smoothly() {
        KeyPool pool = pool(Strategy.WEIGHTED, clock, "ab", 2, 1);

        assertEquals("abaaba", picks(pool, 6));
    }

    @Test
    void should_serve_keys_exactly_in_proportion_to_their_weights() {
        KeyPool pool = pool(Strategy.WEIGHTED, clock, "ab", 2, 1);

        String picks = picks(pool, 300);

        assertEquals(200, count(picks, 'a'));
        assertEquals(100, count(picks, 'b'));
    }

    @Test
    void should_interleave_light_keys_between_a_heavy_one() {
        KeyPool pool = pool(Strategy.WEIGHTED, clock, "abc", 5, 1, 1);

        assertEquals("aabacaa", picks(pool, 7));
    }

    @Test
    void should_rotate_equally_when_weights_are_equal() {
        KeyPool pool = pool(Strategy.WEIGHTED, clock, "abc", 1, 1, 1);

        assertEquals("abcabc", picks(pool, 6));
    }

    @Test
    void should_give_all_requests_to_the_remaining_key_when_the_other_is_out() {
        KeyPool pool = pool(Strategy.WEIGHTED, clock, "ab", 2, 1);
        pool.disable("a");

        assertEquals("bbb", picks(pool, 3));
    }

    @Test
    void should_keep_proportions_when_chosen_directly() {
        List<Candidate> candidates = List.of(new Candidate("a", 0, 3, 100, 0, 0), new Candidate("b", 1, 1, 100, 0, 0));

        String picks = choices(new Weighted(), candidates, 400);

        assertEquals(300, count(picks, 'a'));
        assertEquals(100, count(picks, 'b'));
        assertEquals("aabaaaba", picks.substring(0, 8));
    }
}
