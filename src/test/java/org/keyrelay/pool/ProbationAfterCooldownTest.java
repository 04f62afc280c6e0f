package org.keyrelay.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keyrelay.pool.TestPools.NOW;
import static org.keyrelay.pool.TestPools.acquire;
import static org.keyrelay.pool.TestPools.memory;
import static org.keyrelay.pool.TestPools.rateLimited;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.keyrelay.selection.Strategy;
import org.keyrelay.support.MutableClock;

/**
 * A key back from a cooldown is on probation (no thundering herd): one request at a time, the next once that one
 * answered or 1 s after it was sent, until 3 of its requests have answered successfully.
 */
class ProbationAfterCooldownTest {

    private final MutableClock clock = MutableClock.fixed(NOW);
    private final List<Lease> open = new ArrayList<>();

    private KeyPool pool(RecoverySettings recovery, String... ids) {
        List<ApiKey> keys = Arrays.stream(ids).map(id -> new ApiKey(id, TestPools.secretOf(id), 1)).toList();
        return new KeyPool("p", keys, Strategy.ROUND_ROBIN, new CooldownPolicy(CooldownSettings.defaults()), recovery,
                clock);
    }

    private KeyPool pool(String... ids) {
        return pool(RecoverySettings.defaults(), ids);
    }

    /** {@code n} requests that arrive while none has answered yet; their leases stay open. */
    private String arriving(KeyPool pool, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Lease lease = acquire(pool);
            open.add(lease);
            sb.append(lease.key().id());
        }
        return sb.toString();
    }

    /** The open lease on {@code id} that came first. */
    private Lease openOn(String id) {
        Lease lease = open.stream().filter(l -> l.key().id().equals(id) && l.isOpen()).findFirst().orElseThrow();
        open.remove(lease);
        return lease;
    }

    /** Key a gets a rate limit (30 s) and the clock moves past it. */
    private void coolAndWaitOut(KeyPool pool) {
        Lease onA = acquire(pool);
        assertEquals("a", onA.key().id());
        onA.failed(rateLimited());
        clock.advance(Duration.ofSeconds(30));
    }

    @Test
    void should_serve_one_request_at_a_time_when_back_from_a_cooldown() {
        KeyPool pool = pool("a", "b");
        coolAndWaitOut(pool);

        assertEquals("babbbb", arriving(pool, 6), "a takes one request; the others go to b while it is in flight");
    }

    @Test
    void should_take_the_next_request_as_soon_as_the_one_in_flight_answered() {
        KeyPool pool = pool("a", "b");
        coolAndWaitOut(pool);
        assertEquals("babb", arriving(pool, 4));

        openOn("a").succeeded();

        assertEquals("abbb", arriving(pool, 4));
    }

    @Test
    void should_take_the_next_request_one_second_after_the_last_even_without_an_answer() {
        KeyPool pool = pool("a", "b");
        coolAndWaitOut(pool);
        assertEquals("babb", arriving(pool, 4));

        clock.advance(Duration.ofMillis(999));
        assertEquals("bb", arriving(pool, 2));
        clock.advance(Duration.ofMillis(1));
        assertEquals("abbb", arriving(pool, 4));
    }

    @Test
    void should_end_probation_after_three_successful_answers() {
        KeyPool pool = pool("a", "b");
        coolAndWaitOut(pool);
        for (int i = 0; i < 3; i++) {
            arriving(pool, 2);
            openOn("a").succeeded();
        }

        assertEquals("baba", arriving(pool, 4), "a takes its full share again, two in flight at once");
    }

    @Test
    void should_spend_one_request_not_a_burst_when_the_key_is_rate_limited_again() {
        KeyPool pool = pool("a", "b", "c");
        coolAndWaitOut(pool);
        assertEquals("bcabcbcbc", arriving(pool, 9));

        openOn("a").failed(rateLimited());

        assertEquals(KeyState.COOLING, memory(pool, "a").state());
        assertEquals(clock.instant().plusSeconds(60), memory(pool, "a").until(), "escalated: the second in a row");
        assertEquals(2, memory(pool, "a").requests(), "one request before the cooldown, one on probation");
    }

    @Test
    void should_make_requests_wait_for_a_lone_key_on_probation() {
        KeyPool pool = pool("a");
        coolAndWaitOut(pool);
        assertEquals("a", arriving(pool, 1));

        assertTrue(pool.acquire(null, null).isEmpty(), "its request on probation is in flight");
        Availability availability = pool.availability(null);
        assertEquals(0, availability.usableNow());
        assertEquals(Optional.of(clock.instant().plusSeconds(1)), availability.soonest(),
                "back at the latest one second after its last request");

        openOn("a").succeeded();
        assertEquals("a", arriving(pool, 1));
    }

    @Test
    void should_not_put_a_key_on_probation_when_a_success_cleared_its_rate_limit() {
        KeyPool pool = pool("a");
        Lease first = acquire(pool);
        Lease second = acquire(pool);
        first.failed(rateLimited());
        second.succeeded(); // the key answers: the rate limit is over

        assertEquals("aaa", arriving(pool, 3));
    }

    @Test
    void should_not_hold_a_key_back_when_the_provider_turned_probation_off() {
        KeyPool pool = pool(new RecoverySettings(Duration.ofMinutes(10), 10, 0, Duration.ofSeconds(1)), "a");
        coolAndWaitOut(pool);

        assertEquals("aaa", arriving(pool, 3));
    }

    @Test
    void should_end_probation_when_an_operator_resets_the_key() {
        KeyPool pool = pool("a", "b");
        coolAndWaitOut(pool);
        assertEquals("babb", arriving(pool, 4));

        pool.reset("a");

        assertEquals("abab", arriving(pool, 4));
    }

    @Test
    void should_keep_a_retry_on_the_same_key_while_it_is_on_probation() {
        KeyPool pool = pool("a", "b");
        coolAndWaitOut(pool);
        assertEquals("ba", arriving(pool, 2));

        Lease retry = pool.acquire(new SelectionRequest(null, "a", null)).orElseThrow();

        assertEquals("a", retry.key().id(), "a retry of the same request is not a new request on the key");
    }
}
