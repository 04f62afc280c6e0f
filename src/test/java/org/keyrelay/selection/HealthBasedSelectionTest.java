package org.keyrelay.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keyrelay.selection.Picks.NOW;
import static org.keyrelay.selection.Picks.choices;
import static org.keyrelay.selection.Picks.nextFailsWithoutCooldown;
import static org.keyrelay.selection.Picks.picks;
import static org.keyrelay.selection.Picks.pool;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.support.MutableClock;

/** health-based: the healthiest key; keys of equal health take turns. */
class HealthBasedSelectionTest {

    private final MutableClock clock = MutableClock.fixed(NOW);
    private final KeyPool pool = pool(Strategy.HEALTH_BASED, clock, "abc");

    private static Candidate key(String id, int position, int health) {
        return new Candidate(id, position, 1, health, 0, 0);
    }

    @Test
    void should_take_turns_among_keys_of_equal_health() {
        assertEquals("abcabc", picks(pool, 6));
    }

    @Test
    void should_prefer_the_healthiest_key() {
        assertEquals("a", nextFailsWithoutCooldown(pool, FailureClass.TRANSIENT)); // a: 80

        assertEquals("bcbcbc", picks(pool, 6));
    }

    @Test
    void should_stay_on_the_single_healthiest_key() {
        assertEquals("a", nextFailsWithoutCooldown(pool, FailureClass.TRANSIENT)); // a: 80
        assertEquals("b", nextFailsWithoutCooldown(pool, FailureClass.RATE_LIMITED)); // b: 85

        assertEquals("cccc", picks(pool, 4));
    }

    @Test
    void should_choose_the_healthiest_candidate_directly() {
        List<Candidate> candidates = List.of(key("a", 0, 90), key("b", 1, 100), key("c", 2, 100), key("d", 3, 40));

        assertEquals("bcbc", choices(new HealthBased(), candidates, 4));
    }

    @Test
    void should_use_an_unhealthy_key_when_it_is_the_only_one_usable() {
        List<Candidate> candidates = List.of(key("a", 0, 10), key("b", 1, 20));

        assertEquals("bb", choices(new HealthBased(), candidates, 2));
    }
}
