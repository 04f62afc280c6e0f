package org.keyrelay.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.keyrelay.pool.TestPools.NOW;
import static org.keyrelay.pool.TestPools.acquire;
import static org.keyrelay.pool.TestPools.pool;
import static org.keyrelay.pool.TestPools.rateLimited;
import static org.keyrelay.pool.TestPools.verdict;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.support.MutableClock;

/** Every choice of a key, every state change and every settled request is published to the pool's listeners. */
class PoolEventsTest {

    private final MutableClock clock = MutableClock.fixed(NOW);
    private final KeyPool pool = pool(clock, "a");
    private final List<PoolEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void listen() {
        pool.subscribe(events::add);
    }

    @Test
    void should_publish_the_cooldown_and_then_the_outcome() {
        acquire(pool).failed(rateLimited());

        assertEquals(List.of(
                new PoolEvent.Chosen("p", "a"),
                new PoolEvent.StateChanged("p", "a", KeyState.ACTIVE, KeyState.COOLING, FailureClass.RATE_LIMITED,
                        NOW.plusSeconds(30), "too many requests"),
                new PoolEvent.Outcome("p", "a", FailureClass.RATE_LIMITED)), events);
    }

    @Test
    void should_publish_a_success_as_an_outcome_without_failure() {
        acquire(pool).succeeded();

        assertEquals(List.of(new PoolEvent.Chosen("p", "a"), new PoolEvent.Outcome("p", "a", null)), events);
    }

    @Test
    void should_publish_the_end_of_a_cooldown_when_the_key_is_next_used() {
        acquire(pool).failed(rateLimited());
        clock.advance(Duration.ofSeconds(30));
        events.clear();

        acquire(pool);

        assertEquals(List.of(new PoolEvent.StateChanged("p", "a", KeyState.COOLING, KeyState.ACTIVE, null, null, "cooldown over"),
                new PoolEvent.Chosen("p", "a")), events);
    }

    @Test
    void should_publish_a_success_that_clears_a_rate_limit() {
        Lease first = acquire(pool);
        Lease second = acquire(pool);
        first.failed(rateLimited());
        events.clear();

        second.succeeded();

        assertEquals(List.of(
                new PoolEvent.StateChanged("p", "a", KeyState.COOLING, KeyState.ACTIVE, null, null, "answered successfully"),
                new PoolEvent.Outcome("p", "a", null)), events);
    }

    @Test
    void should_publish_an_invalidated_key() {
        acquire(pool).failed(verdict(FailureClass.KEY_INVALID));

        assertEquals(new PoolEvent.StateChanged("p", "a", KeyState.ACTIVE, KeyState.INVALID, FailureClass.KEY_INVALID,
                NOW.plus(CooldownSettings.defaults().invalidFailWindow()), "key_invalid"), events.get(1));
    }

    @Test
    void should_publish_a_model_cooldown_naming_the_model() {
        acquire(pool, "big-model").failed(verdict(FailureClass.MODEL_FORBIDDEN));

        assertEquals(List.of(
                new PoolEvent.Chosen("p", "a"),
                new PoolEvent.ModelCooled("p", "a", "big-model", NOW.plus(CooldownSettings.defaults().modelForbidden()),
                        "model_forbidden"),
                new PoolEvent.Outcome("p", "a", FailureClass.MODEL_FORBIDDEN)), events);
    }

    @Test
    void should_publish_operator_changes() {
        pool.disable("a");
        pool.enable("a");

        assertEquals(List.of(
                new PoolEvent.StateChanged("p", "a", KeyState.ACTIVE, KeyState.DISABLED, null, null, "disabled by operator"),
                new PoolEvent.StateChanged("p", "a", KeyState.DISABLED, KeyState.ACTIVE, null, null, "enabled by operator")), events);
    }

    @Test
    void should_publish_only_the_outcome_of_a_failure_without_cooldown() {
        acquire(pool).failedWithoutCooldown(verdict(FailureClass.TRANSIENT));

        assertEquals(List.of(new PoolEvent.Chosen("p", "a"), new PoolEvent.Outcome("p", "a", FailureClass.TRANSIENT)),
                events);
    }

    @Test
    void should_publish_only_the_choice_for_a_release() {
        acquire(pool).released();

        assertEquals(List.of(new PoolEvent.Chosen("p", "a")), events);
    }
}
