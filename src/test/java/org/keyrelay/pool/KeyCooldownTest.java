package org.keyrelay.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keyrelay.pool.TestPools.NOW;
import static org.keyrelay.pool.TestPools.acquire;
import static org.keyrelay.pool.TestPools.memory;
import static org.keyrelay.pool.TestPools.pool;
import static org.keyrelay.pool.TestPools.quota;
import static org.keyrelay.pool.TestPools.rateLimited;
import static org.keyrelay.pool.TestPools.rateLimitedUntil;
import static org.keyrelay.pool.TestPools.verdict;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.failure.QuotaWindow;
import org.keyrelay.support.MutableClock;

/** How a pool cools a key after a rate limit, an exhausted quota or a transient failure, on a movable clock. */
class KeyCooldownTest {

    private final MutableClock clock = MutableClock.fixed(NOW);
    private final KeyPool pool = pool(clock, "a");

    @Test
    void should_keep_a_rate_limited_key_out_until_the_stated_retry_after() {
        acquire(pool).failed(rateLimitedUntil(NOW.plusSeconds(90)));

        assertEquals(KeyState.COOLING, memory(pool, "a").state());
        assertEquals(NOW.plusSeconds(90), memory(pool, "a").until());
        clock.advance(Duration.ofSeconds(89));
        assertTrue(pool.acquire(null, null).isEmpty(), "still cooling one second before the stated reset");
        clock.advance(Duration.ofSeconds(1));
        assertTrue(pool.acquire(null, null).isPresent(), "back at the stated reset");
    }

    @Test
    void should_cool_a_rate_limited_key_for_thirty_seconds_when_no_time_is_stated() {
        acquire(pool).failed(rateLimited());

        clock.advance(Duration.ofSeconds(29));
        assertTrue(pool.acquire(null, null).isEmpty());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(pool.acquire(null, null).isPresent());
    }

    @Test
    void should_escalate_repeated_rate_limits_on_the_same_key_up_to_ten_minutes() {
        List<Long> cooldownSeconds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            acquire(pool).failed(rateLimited());
            Instant until = memory(pool, "a").until();
            cooldownSeconds.add(Duration.between(clock.instant(), until).toSeconds());
            clock.advance(Duration.between(clock.instant(), until));
        }

        assertEquals(List.of(30L, 60L, 120L, 240L, 480L, 600L, 600L, 600L), cooldownSeconds);
    }

    @Test
    void should_count_rate_limits_per_key() {
        KeyPool two = pool(clock, "a", "b");
        acquire(two).failed(rateLimited()); // a: 30s
        acquire(two).failed(rateLimited()); // b: 30s, its first

        assertEquals(NOW.plusSeconds(30), memory(two, "a").until());
        assertEquals(NOW.plusSeconds(30), memory(two, "b").until());
        assertEquals(1, memory(two, "b").consecutiveRateLimits());
    }

    @Test
    void should_never_shorten_an_existing_cooldown() {
        Lease first = acquire(pool);
        Lease second = acquire(pool);
        Lease third = acquire(pool);

        first.failed(rateLimitedUntil(NOW.plus(Duration.ofMinutes(10))));
        second.failed(verdict(FailureClass.TRANSIENT)); // 5s default
        third.failed(rateLimitedUntil(NOW.plus(Duration.ofMinutes(2))));

        assertEquals(NOW.plus(Duration.ofMinutes(10)), memory(pool, "a").until());
        clock.advance(Duration.ofMinutes(9));
        assertTrue(pool.acquire(null, null).isEmpty());
    }

    @Test
    void should_lengthen_a_cooldown_when_a_later_failure_says_so() {
        Lease first = acquire(pool);
        Lease second = acquire(pool);

        first.failed(rateLimited()); // 30s
        second.failed(quota(QuotaWindow.SESSION)); // 5h

        assertEquals(NOW.plus(Duration.ofHours(5)), memory(pool, "a").until());
    }

    @Test
    void should_clear_a_rate_limit_cooldown_when_a_request_on_the_key_succeeds() {
        Lease first = acquire(pool);
        Lease second = acquire(pool);

        first.failed(rateLimited());
        second.succeeded();

        assertEquals(KeyState.ACTIVE, memory(pool, "a").state());
        assertNull(memory(pool, "a").until());
        assertTrue(pool.acquire(null, null).isPresent());
    }

    @Test
    void should_restart_the_escalation_after_a_success() {
        acquire(pool).failed(rateLimited());
        clock.advance(Duration.ofSeconds(30));
        acquire(pool).failed(rateLimited()); // 60s
        clock.advance(Duration.ofSeconds(60));
        acquire(pool).succeeded();

        acquire(pool).failed(rateLimited());

        assertEquals(clock.instant().plusSeconds(30), memory(pool, "a").until());
    }

    @Test
    void should_not_clear_a_quota_cooldown_when_an_older_request_succeeds() {
        Lease first = acquire(pool);
        Lease second = acquire(pool);

        first.failed(quota(QuotaWindow.WEEKLY));
        second.succeeded();

        assertEquals(KeyState.COOLING, memory(pool, "a").state());
        assertEquals(NOW.plus(Duration.ofHours(24)), memory(pool, "a").until());
        assertTrue(pool.acquire(null, null).isEmpty());
    }

    @Test
    void should_not_clear_a_transient_cooldown_when_an_older_request_succeeds() {
        Lease first = acquire(pool);
        Lease second = acquire(pool);

        first.failed(verdict(FailureClass.TRANSIENT));
        second.succeeded();

        assertEquals(KeyState.COOLING, memory(pool, "a").state());
        assertTrue(pool.acquire(null, null).isEmpty());
    }

    @Test
    void should_keep_a_quota_cooldown_when_a_rate_limit_and_then_a_success_arrive_on_the_same_key() {
        Lease first = acquire(pool);
        Lease second = acquire(pool);
        Lease third = acquire(pool);

        first.failed(quota(QuotaWindow.WEEKLY)); // out for 24h
        second.failed(rateLimited()); // 30s: shorter, must change nothing
        assertEquals(FailureClass.QUOTA_EXHAUSTED, memory(pool, "a").cause());
        third.succeeded(); // a request sent before the quota ran out

        assertEquals(KeyState.COOLING, memory(pool, "a").state());
        assertTrue(pool.acquire(null, null).isEmpty(), "the weekly quota is still spent");
    }

    @Test
    void should_bring_a_cooled_key_back_once_its_cooldown_is_over() {
        acquire(pool).failed(verdict(FailureClass.TRANSIENT));
        clock.advance(Duration.ofSeconds(5));

        acquire(pool);

        assertEquals(KeyState.ACTIVE, memory(pool, "a").state());
        assertNull(memory(pool, "a").cause());
    }
}
