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

/** sticky: stay on one key until it is out, then move to the next and stay there. */
class StickySelectionTest {

    private final MutableClock clock = MutableClock.fixed(NOW);
    private final KeyPool pool = pool(Strategy.STICKY, clock, "abc");

    @Test
    void should_stay_on_the_first_key_while_it_works() {
        assertEquals("aaaa", picks(pool, 4));
    }

    @Test
    void should_move_to_the_next_key_once_the_current_one_is_out() {
        assertEquals("aaaa", picks(pool, 4));
        assertEquals("a", nextIsRateLimited(pool));

        assertEquals("bbb", picks(pool, 3));
    }

    @Test
    void should_stay_on_the_new_key_when_the_old_one_is_back() {
        assertEquals("a", nextIsRateLimited(pool));
        assertEquals("bb", picks(pool, 2));

        clock.advance(Duration.ofSeconds(30));

        assertEquals("bbb", picks(pool, 3));
    }

    @Test
    void should_wrap_around_to_the_first_key_when_the_last_one_is_out() {
        pool.disable("a");
        pool.disable("b");
        assertEquals("cc", picks(pool, 2));
        pool.enable("a");
        pool.disable("c");

        assertEquals("aa", picks(pool, 2));
    }

    @Test
    void should_stick_when_chosen_directly() {
        Sticky selector = new Sticky();
        List<Candidate> all = idle("abc");

        assertEquals("aaa", choices(selector, all, 3));
        assertEquals("bbb", choices(selector, all.subList(1, 3), 3));
        assertEquals("bbb", choices(selector, all, 3));
    }
}
