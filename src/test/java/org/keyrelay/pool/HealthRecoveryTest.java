package org.keyrelay.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.keyrelay.pool.TestPools.NOW;
import static org.keyrelay.pool.TestPools.acquire;
import static org.keyrelay.pool.TestPools.memory;
import static org.keyrelay.pool.TestPools.verdict;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.selection.Strategy;
import org.keyrelay.support.MutableClock;

/** A penalised key regains health by itself: +10 for every 10 minutes since its last penalty, up to 100. */
class HealthRecoveryTest {

    private final MutableClock clock = MutableClock.fixed(NOW);

    private KeyPool pool(RecoverySettings recovery, String... ids) {
        List<ApiKey> keys = java.util.Arrays.stream(ids).map(id -> new ApiKey(id, TestPools.secretOf(id), 1)).toList();
        return new KeyPool("p", keys, Strategy.HEALTH_BASED, new CooldownPolicy(CooldownSettings.defaults()), recovery,
                clock);
    }

    private static int health(KeyPool pool, String id) {
        return memory(pool, id).health();
    }

    /** A failure that lowers health without cooling the key, so the clock is all that changes afterwards. */
    private static void penalise(KeyPool pool, FailureClass failure) {
        acquire(pool).failedWithoutCooldown(verdict(failure));
    }

    @Test
    void should_regain_ten_points_for_each_whole_ten_minutes_since_the_penalty() {
        KeyPool pool = pool(RecoverySettings.defaults(), "a");
        penalise(pool, FailureClass.QUOTA_EXHAUSTED); // 70

        clock.advance(Duration.ofMinutes(9).plusSeconds(59));
        assertEquals(70, health(pool, "a"), "no whole period yet");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(80, health(pool, "a"));
        clock.advance(Duration.ofMinutes(15));
        assertEquals(90, health(pool, "a"), "25 minutes: two whole periods");
        clock.advance(Duration.ofMinutes(5));
        assertEquals(100, health(pool, "a"));
    }

    @Test
    void should_stop_at_full_health() {
        KeyPool pool = pool(RecoverySettings.defaults(), "a");
        penalise(pool, FailureClass.TRANSIENT); // 80

        clock.advance(Duration.ofHours(10));

        assertEquals(100, health(pool, "a"));
        assertEquals(null, memory(pool, "a").healthSince(), "nothing left to recover");
    }

    @Test
    void should_restart_the_count_at_each_penalty() {
        KeyPool pool = pool(RecoverySettings.defaults(), "a");
        penalise(pool, FailureClass.TRANSIENT); // 80
        clock.advance(Duration.ofMinutes(9));
        penalise(pool, FailureClass.TRANSIENT); // 60: the 9 minutes of the first period are lost

        clock.advance(Duration.ofMinutes(9));
        assertEquals(60, health(pool, "a"));
        clock.advance(Duration.ofMinutes(1));
        assertEquals(70, health(pool, "a"));
    }

    @Test
    void should_add_a_success_without_restarting_the_count() {
        KeyPool pool = pool(RecoverySettings.defaults(), "a");
        penalise(pool, FailureClass.QUOTA_EXHAUSTED); // 70
        clock.advance(Duration.ofMinutes(15));
        acquire(pool).succeeded(); // 80 recovered + 2

        assertEquals(82, health(pool, "a"));
        clock.advance(Duration.ofMinutes(5)); // 20 minutes after the penalty: the second period is complete
        assertEquals(92, health(pool, "a"));
    }

    @Test
    void should_recover_by_the_provider_settings() {
        KeyPool pool = pool(new RecoverySettings(Duration.ofMinutes(1), 5, 3, Duration.ofSeconds(1)), "a");
        penalise(pool, FailureClass.QUOTA_EXHAUSTED); // 70

        clock.advance(Duration.ofMinutes(3));

        assertEquals(85, health(pool, "a"));
    }

    @Test
    void should_keep_recovering_across_a_restart_counting_the_time_the_gateway_was_down() {
        KeyPool before = pool(RecoverySettings.defaults(), "a");
        penalise(before, FailureClass.QUOTA_EXHAUSTED); // 70
        clock.advance(Duration.ofMinutes(15)); // 80, 5 minutes into the next period
        KeyMemory saved = before.memories().get(0);
        assertEquals(80, saved.health());
        assertEquals(NOW.plus(Duration.ofMinutes(10)), saved.healthSince());

        clock.advance(Duration.ofMinutes(20)); // down for 20 minutes
        KeyPool after = pool(RecoverySettings.defaults(), "a");
        after.restore(Map.of("a", saved));

        assertEquals(100, health(after, "a"), "35 minutes after the penalty: 70 + 3 x 10");
    }

    @Test
    void should_send_requests_back_to_a_recovered_key_under_the_health_based_strategy() {
        KeyPool pool = pool(RecoverySettings.defaults(), "a", "b");
        Lease onA = acquire(pool);
        assertEquals("a", onA.key().id());
        onA.failed(TestPools.rateLimited()); // a: 85, out for 30 s
        clock.advance(Duration.ofMinutes(1));
        assertEquals("bbbb", picks(pool, 4), "a is back from its cooldown, but b is healthier");

        clock.advance(Duration.ofMinutes(19)); // two periods since the penalty: 85 + 20, capped at 100
        assertEquals(100, health(pool, "a"));
        String picks = picks(pool, 4);
        assertEquals(2, picks.chars().filter(c -> c == 'a').count(), "equals take turns again: " + picks);
    }

    /** Requests that end without judging the key, so health moves only with the clock. */
    private static String picks(KeyPool pool, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Lease lease = acquire(pool);
            sb.append(lease.key().id());
            lease.released();
        }
        return sb.toString();
    }
}
