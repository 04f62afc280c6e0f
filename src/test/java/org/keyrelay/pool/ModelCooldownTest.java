package org.keyrelay.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keyrelay.pool.TestPools.NOW;
import static org.keyrelay.pool.TestPools.acquire;
import static org.keyrelay.pool.TestPools.memory;
import static org.keyrelay.pool.TestPools.pool;
import static org.keyrelay.pool.TestPools.verdict;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.support.MutableClock;

/** MODEL_FORBIDDEN cools one model on one key; the key keeps serving every other model. */
class ModelCooldownTest {

    private final MutableClock clock = MutableClock.fixed(NOW);

    @Test
    void should_cool_only_the_forbidden_model_on_that_key() {
        KeyPool pool = pool(clock, "a");

        acquire(pool, "big-model").failed(verdict(FailureClass.MODEL_FORBIDDEN));

        assertTrue(pool.acquire("big-model", null).isEmpty(), "the forbidden model");
        assertTrue(pool.acquire("small-model", null).isPresent(), "another model");
        assertTrue(pool.acquire(null, null).isPresent(), "a request naming no model");
        assertEquals(KeyState.ACTIVE, memory(pool, "a").state());
        assertEquals(Map.of("big-model", NOW.plus(Duration.ofHours(24))), memory(pool, "a").modelCooldowns());
    }

    @Test
    void should_send_the_forbidden_model_to_the_other_keys() {
        KeyPool pool = pool(clock, "a", "b");
        acquire(pool, "big-model").failed(verdict(FailureClass.MODEL_FORBIDDEN)); // a

        StringBuilder big = new StringBuilder();
        StringBuilder small = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            Lease b = acquire(pool, "big-model");
            big.append(b.key().id());
            b.succeeded();
            Lease s = acquire(pool, "small-model");
            small.append(s.key().id());
            s.succeeded();
        }

        assertEquals("bbbb", big.toString());
        assertTrue(small.toString().contains("a"), small.toString());
    }

    @Test
    void should_serve_the_model_again_once_its_cooldown_is_over() {
        KeyPool pool = pool(clock, "a");
        acquire(pool, "big-model").failed(verdict(FailureClass.MODEL_FORBIDDEN));

        clock.advance(Duration.ofHours(24).minusSeconds(1));
        assertTrue(pool.acquire("big-model", null).isEmpty());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(pool.acquire("big-model", null).isPresent());
    }

    @Test
    void should_report_when_the_forbidden_model_is_back() {
        KeyPool pool = pool(clock, "a");
        acquire(pool, "big-model").failed(verdict(FailureClass.MODEL_FORBIDDEN));

        assertEquals(new Availability(1, 0, Optional.of(NOW.plus(Duration.ofHours(24)))),
                pool.availability("big-model"));
        assertEquals(new Availability(1, 1, Optional.empty()), pool.availability("small-model"));
    }

    @Test
    void should_clear_model_cooldowns_when_an_operator_enables_the_key() {
        KeyPool pool = pool(clock, "a");
        acquire(pool, "big-model").failed(verdict(FailureClass.MODEL_FORBIDDEN));

        pool.enable("a");

        assertTrue(memory(pool, "a").modelCooldowns().isEmpty());
        assertTrue(pool.acquire("big-model", null).isPresent());
    }
}
