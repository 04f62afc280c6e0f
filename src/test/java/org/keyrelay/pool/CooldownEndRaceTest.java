package org.keyrelay.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keyrelay.pool.TestPools.NOW;
import static org.keyrelay.pool.TestPools.pool;
import static org.keyrelay.pool.TestPools.rateLimitedUntil;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.keyrelay.selection.Strategy;
import org.keyrelay.support.MutableClock;

/**
 * Issue 13, point 1: a pool whose keys are all cooling, asked for a key exactly as their cooldowns end, answered "no
 * enabled key" now and then (selection found none, a later availability call found one back, and its empty
 * "soonest" read as "never"). {@link KeyPool#select} answers from one instant: a key, or when one is back.
 */
class CooldownEndRaceTest {

    /** Cools both keys of {@code pool} until {@code until} (null: for the pool's default rate-limit cooldown). */
    private static void coolAll(KeyPool pool, Instant until) {
        for (String id : List.of("a", "b")) {
            Lease lease = pool.acquire(null, id).orElse(null);
            while (lease == null || !lease.key().id().equals(id)) { // in real time: until its last cooldown is over
                if (lease != null) {
                    lease.released();
                }
                Thread.onSpinWait();
                lease = pool.acquire(null, id).orElse(null);
            }
            lease.failed(until == null ? TestPools.rateLimited() : rateLimitedUntil(until));
        }
    }

    /** Asks for a key until one is chosen; fails on any answer of "none" without a time while a key is enabled. */
    private static int askUntilChosen(KeyPool pool, AtomicBoolean stop) {
        int noneButBack = 0;
        while (!stop.get()) {
            Selection s = pool.select(SelectionRequest.of(null));
            if (s instanceof Selection.Chosen chosen) {
                chosen.lease().succeeded();
                return noneButBack;
            }
            Availability a = ((Selection.NoneNow) s).availability();
            assertEquals(2, a.enabledKeys());
            assertTrue(a.soonest().isPresent(), "no key chosen and none coming back although both are enabled: " + a);
            noneButBack++;
        }
        return noneButBack;
    }

    @Test
    void should_never_answer_none_and_never_while_the_clock_crosses_the_cooldown_end() throws Exception {
        MutableClock clock = MutableClock.fixed(NOW);
        KeyPool pool = pool(clock, "a", "b");
        ExecutorService askers = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 100; round++) {
                Instant end = clock.instant().plusMillis(5);
                coolAll(pool, end);
                AtomicBoolean stop = new AtomicBoolean();
                List<Future<Integer>> asked = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    asked.add(askers.submit(() -> askUntilChosen(pool, stop)));
                }
                for (int ms = 0; ms < 10; ms++) {
                    clock.advance(Duration.ofMillis(1)); // steps across the end while the askers ask
                    Thread.yield();
                }
                for (Future<Integer> f : asked) {
                    f.get(); // rethrows an assertion of an asker
                }
                clock.advance(Duration.ofSeconds(2)); // past any probation spacing
            }
        } finally {
            askers.shutdownNow();
        }
    }

    @Test
    void should_never_answer_none_and_never_at_the_cooldown_end_in_real_time() throws Exception {
        // every rate limit cools a key for 3 ms, however many in a row
        CooldownSettings d = CooldownSettings.defaults();
        CooldownSettings short3ms = new CooldownSettings(Duration.ofMillis(3), Duration.ofMillis(3),
                d.transientFailure(), d.invalidFailWindow(), d.modelForbidden(), d.quotaWindows());
        List<ApiKey> keys = List.of(new ApiKey("a", TestPools.secretOf("a"), 1), new ApiKey("b", TestPools.secretOf("b"), 1));
        KeyPool pool = new KeyPool("p", keys, Strategy.ROUND_ROBIN, new CooldownPolicy(short3ms), Clock.systemUTC());
        AtomicInteger waited = new AtomicInteger();
        for (int round = 0; round < 300; round++) {
            coolAll(pool, null);
            waited.addAndGet(askUntilChosen(pool, new AtomicBoolean()));
        }
        assertTrue(waited.get() > 0, "the askers did meet cooling keys");
    }
}
