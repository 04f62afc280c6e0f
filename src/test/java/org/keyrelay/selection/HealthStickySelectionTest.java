package org.keyrelay.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.keyrelay.selection.Picks.NOW;
import static org.keyrelay.selection.Picks.choices;
import static org.keyrelay.selection.Picks.nextFailsWithoutCooldown;
import static org.keyrelay.selection.Picks.nextIsRateLimited;
import static org.keyrelay.selection.Picks.picks;
import static org.keyrelay.selection.Picks.pool;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.pool.ApiKey;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.pool.Secret;
import org.keyrelay.support.MutableClock;

/** health-sticky: the key in use while it is usable and within the bonus of the best; else the healthiest. */
class HealthStickySelectionTest {

    private final MutableClock clock = MutableClock.fixed(NOW);
    private final KeyPool pool = pool(Strategy.HEALTH_STICKY, clock, "ab");

    private static Candidate key(String id, int position, int health) {
        return new Candidate(id, position, 1, health, 0, 0);
    }

    @Test
    void should_stay_on_one_of_two_equally_healthy_keys() {
        assertEquals("aaaaaaaaaa", picks(pool, 10));
    }

    @Test
    void should_move_when_the_key_in_use_fails_and_stay_on_the_next() {
        assertEquals("aaa", picks(pool, 3));
        assertEquals("a", nextIsRateLimited(pool)); // a cools for 30 s, health 85

        assertEquals("bbbb", picks(pool, 4));
    }

    @Test
    void should_not_go_back_to_a_key_whose_cooldown_ended_and_whose_health_recovered() {
        assertEquals("a", nextIsRateLimited(pool));
        assertEquals("bb", picks(pool, 2));

        clock.advance(Duration.ofHours(2)); // a's cooldown is long over and its health is back to 100

        assertEquals("bbbbb", picks(pool, 5));
    }

    @Test
    void should_stay_on_the_key_in_use_when_the_keyring_changes_the_list_of_keys() {
        assertEquals("a", nextIsRateLimited(pool));
        assertEquals("bb", picks(pool, 2));
        clock.advance(Duration.ofHours(2));

        pool.replaceKeys(List.of(key("c"), pool.keys().get(0), pool.keys().get(1))); // c first, a and b move on
        assertEquals("bbb", picks(pool, 3));
        pool.removeKey("a");
        assertEquals("bbb", picks(pool, 3));
    }

    private static ApiKey key(String id) {
        return new ApiKey(id, new Secret("sk-test-" + id + "-0001"), 1);
    }

    @Test
    void should_leave_the_key_in_use_once_another_beats_it_by_more_than_the_bonus() {
        assertEquals("aa", picks(pool, 2));
        assertEquals("a", nextFailsWithoutCooldown(pool, FailureClass.TRANSIENT)); // a: 80 + 50 against b: 100
        assertEquals("a", nextFailsWithoutCooldown(pool, FailureClass.TRANSIENT)); // a: 60 + 50
        assertEquals("a", nextFailsWithoutCooldown(pool, FailureClass.TRANSIENT)); // a: 40 + 50 < 100

        assertEquals("bbb", picks(pool, 3));
    }

    @Test
    void should_keep_the_key_in_use_up_to_exactly_the_bonus() {
        HealthSticky selector = new HealthSticky();
        assertEquals("b", choices(selector, List.of(key("b", 1, 100)), 1));

        assertEquals("bb", choices(selector, List.of(key("a", 0, 100), key("b", 1, 60)), 2));
        assertEquals("bb", choices(selector, List.of(key("a", 0, 100), key("b", 1, 50)), 2)); // 100 = 50 + 50
        assertEquals("aa", choices(selector, List.of(key("a", 0, 100), key("b", 1, 49)), 2)); // 100 > 49 + 50
    }

    @Test
    void should_take_the_healthiest_key_and_then_the_next_after_the_old_one_among_equals() {
        HealthSticky selector = new HealthSticky();
        assertEquals("bbb", choices(selector, List.of(key("a", 0, 90), key("b", 1, 100), key("c", 2, 100)), 3));

        assertEquals("ccc", choices(selector, List.of(key("a", 0, 100), key("c", 2, 100), key("d", 3, 100)), 3));
    }

    @Test
    void should_use_an_unhealthy_key_when_it_is_the_only_one_usable() {
        assertEquals("bb", choices(new HealthSticky(), List.of(key("a", 0, 10), key("b", 1, 20)), 2));
    }
}
