package org.keyrelay.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.keyrelay.pool.TestPools.NOW;
import static org.keyrelay.pool.TestPools.acquire;
import static org.keyrelay.pool.TestPools.pool;
import static org.keyrelay.pool.TestPools.quota;
import static org.keyrelay.pool.TestPools.verdict;
import static org.keyrelay.pool.TestPools.view;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.failure.QuotaWindow;
import org.keyrelay.support.MutableClock;

/** What a key has done, per key: counters, success rate, latency, requests per day, tokens; and what is saved. */
class KeyStatsTest {

    private final MutableClock clock = MutableClock.fixed(NOW);
    private final KeyPool pool = pool(clock, "a");

    private KeyStats stats() {
        return view(pool, "a").stats();
    }

    private void answered(long firstByteMillis, long completeMillis, TokenUsage usage) {
        Lease lease = acquire(pool);
        lease.succeeded();
        lease.measured(Duration.ofMillis(firstByteMillis), Duration.ofMillis(completeMillis), usage);
    }

    @Test
    void should_start_empty_with_no_success_rate() {
        KeyStats stats = stats();

        assertEquals(0, stats.requests());
        assertNull(stats.successRate(), "no outcome yet: no rate");
        assertEquals(LatencySummary.EMPTY, stats.latency());
        assertEquals(0, stats.tokensIn());
    }

    @Test
    void should_count_requests_successes_and_failures_by_class() {
        acquire(pool).succeeded();
        acquire(pool).succeeded();
        acquire(pool).succeeded();
        acquire(pool).failedWithoutCooldown(verdict(FailureClass.TRANSIENT));
        acquire(pool).failedWithoutCooldown(verdict(FailureClass.RATE_LIMITED));
        acquire(pool).failed(verdict(FailureClass.CALLER_FAULT)); // the caller's, not the key's
        acquire(pool).released();

        KeyStats stats = stats();
        assertEquals(7, stats.requests());
        assertEquals(3, stats.successes());
        assertEquals(Map.of(FailureClass.TRANSIENT, 1L, FailureClass.RATE_LIMITED, 1L), stats.failures());
        assertEquals(2, stats.failureCount());
        assertEquals(0.6, stats.successRate(), 1e-9, "3 of 5 judged outcomes");
    }

    @Test
    void should_add_up_the_tokens_answers_reported() {
        answered(100, 900, new TokenUsage(120, 30));
        answered(100, 900, new TokenUsage(1_000, 250));
        answered(100, 900, TokenUsage.NONE);

        assertEquals(1_120, stats().tokensIn());
        assertEquals(280, stats().tokensOut());
    }

    @Test
    void should_measure_an_answer_once() {
        Lease lease = acquire(pool);
        lease.succeeded();
        lease.measured(Duration.ofMillis(10), Duration.ofMillis(20), new TokenUsage(5, 5));
        lease.measured(Duration.ofMillis(10), Duration.ofMillis(20), new TokenUsage(5, 5));

        assertEquals(1, stats().latency().samples());
        assertEquals(5, stats().tokensIn());
    }

    @Test
    void should_report_latency_and_time_to_first_byte() {
        answered(40, 400, TokenUsage.NONE);
        answered(60, 1_000, TokenUsage.NONE);

        assertEquals(new LatencySummary(2, 700, 400, 1_000), stats().latency());
        assertEquals(new LatencySummary(2, 50, 40, 60), stats().timeToFirstByte());
    }

    @Test
    void should_count_requests_per_utc_day_over_the_last_seven_days() {
        for (int day = 0; day < 9; day++) {
            for (int i = 0; i <= day; i++) { // day 0: 1 request ... day 8: 9 requests
                acquire(pool).succeeded();
            }
            clock.advance(Duration.ofDays(1));
        }
        clock.advance(Duration.ofDays(-1)); // back on day 8

        KeyStats stats = stats();
        assertEquals(9, stats.requestsToday());
        assertEquals(3 + 4 + 5 + 6 + 7 + 8 + 9, stats.requestsLast7Days());
        assertEquals(45, stats.requests(), "all time");
    }

    @Test
    void should_start_a_new_day_at_midnight_utc() {
        clock.advance(Duration.ofHours(13).plusMinutes(59)); // 23:59 UTC
        acquire(pool).succeeded();
        clock.advance(Duration.ofMinutes(1));
        acquire(pool).succeeded();

        assertEquals(1, stats().requestsToday());
        assertEquals(2, stats().requestsLast7Days());
    }

    @Test
    void should_save_counters_days_and_tokens_but_not_latencies() {
        answered(50, 500, new TokenUsage(10, 20));
        acquire(pool).failed(quota(QuotaWindow.HOURLY));
        KeyMemory saved = pool.memories().get(0);
        assertEquals(Map.of(LocalDate.of(2026, 3, 2), 2L), saved.usage().requestsByDay());

        KeyPool restarted = pool(clock, "a");
        restarted.restore(Map.of("a", saved));

        KeyStats stats = view(restarted, "a").stats();
        assertEquals(2, stats.requests());
        assertEquals(1, stats.successes());
        assertEquals(Map.of(FailureClass.QUOTA_EXHAUSTED, 1L), stats.failures());
        assertEquals(2, stats.requestsToday());
        assertEquals(10, stats.tokensIn());
        assertEquals(20, stats.tokensOut());
        assertEquals(0, stats.latency().samples(), "latencies are memory only");
    }
}
