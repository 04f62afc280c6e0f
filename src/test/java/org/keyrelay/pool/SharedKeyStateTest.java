package org.keyrelay.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keyrelay.pool.TestPools.NOW;
import static org.keyrelay.pool.TestPools.memory;
import static org.keyrelay.pool.TestPools.rateLimitedUntil;
import static org.keyrelay.pool.TestPools.secretOf;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.selection.Strategy;
import org.keyrelay.support.MutableClock;

/**
 * The seam between a pool and the other instances: what a pool hands out after each change, how it takes in a shared
 * change (without handing it out again), and round-robin turns from a shared counter. No Redis here: a recording fake.
 */
class SharedKeyStateTest {

    private final MutableClock clock = MutableClock.fixed(NOW);
    private final Recording shared = new Recording();
    private final KeyPool pool = pool(shared, "a", "b", "c");

    /** Records what the pool hands out; turns come from a counter it holds. */
    static final class Recording implements SharedKeyState {
        final List<KeyChange> changes = new ArrayList<>();
        long turn;
        boolean turns = true;

        @Override
        public void recorded(KeyChange change) {
            changes.add(change);
        }

        @Override
        public long nextTurn(String provider) {
            return turns ? turn++ : NO_TURN;
        }

        List<KeyOp> ops() {
            return changes.stream().map(KeyChange::op).filter(java.util.Objects::nonNull).toList();
        }
    }

    private KeyPool pool(SharedKeyState s, String... ids) {
        List<ApiKey> keys = Arrays.stream(ids).map(id -> new ApiKey(id, secretOf(id), 1)).toList();
        return new KeyPool("p", keys, Strategy.ROUND_ROBIN, new org.keyrelay.pool.CooldownPolicy(CooldownSettings.defaults()),
                RecoverySettings.defaults(), clock, s);
    }

    @Test
    void should_hand_out_a_rate_limit_as_counts_and_the_operation_that_changed_the_key() {
        Lease lease = pool.acquire(null, null).orElseThrow();
        lease.failed(rateLimitedUntil(NOW.plusSeconds(90)));

        KeyChange chosen = shared.changes.get(0);
        assertEquals(new KeyOp.Tally(1, 0, null, 0, 0), chosen.tally());
        assertEquals(null, chosen.op(), "choosing an active key changed only counts");
        KeyChange failed = shared.changes.get(1);
        assertEquals("a", failed.keyId());
        assertEquals(FailureClass.RATE_LIMITED, failed.tally().failure());
        assertEquals(new KeyOp.Failed(rateLimitedUntil(NOW.plusSeconds(90)), null, true), failed.op());
        KeyRecord applied = failed.rules().apply(KeyRecord.fresh("a"), failed.op(), failed.at()).record();
        assertEquals(KeyState.COOLING, applied.state(), "the shared store applies it by the same rules");
        assertEquals(NOW.plusSeconds(90), applied.until());
        assertEquals(85, applied.health().base());
        assertEquals(1, applied.streak());
    }

    @Test
    void should_hand_out_operator_actions() {
        pool.disable("b");
        pool.enable("b");
        pool.reset("c");
        assertEquals(List.of(new KeyOp.Disabled(), new KeyOp.Enabled(), new KeyOp.Reset()), shared.ops());
    }

    @Test
    void should_take_round_robin_turns_from_the_shared_counter() {
        shared.turn = 4; // other instances took turns 0-3
        StringBuilder seq = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            Lease l = pool.acquire(null, null).orElseThrow();
            seq.append(l.key().id());
            l.succeeded();
        }
        assertEquals("bcab", seq.toString(), "turn 4 of 3 keys is b's");
    }

    @Test
    void should_skip_to_the_next_usable_key_when_the_turn_is_a_cooling_keys() {
        pool.applyShared(shared("b", 1, KeyState.COOLING, NOW.plusSeconds(60)), "other");
        shared.turn = 1;
        assertEquals("c", pool.acquire(null, null).orElseThrow().key().id());
    }

    @Test
    void should_use_its_own_cursor_when_no_shared_turn_can_be_had() {
        shared.turns = false;
        StringBuilder seq = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            seq.append(pool.acquire(null, null).orElseThrow().key().id());
        }
        assertEquals("abca", seq.toString());
    }

    @Test
    void should_apply_a_shared_cooldown_without_handing_it_out_again() {
        List<PoolEvent> events = new ArrayList<>();
        pool.subscribe(events::add);
        pool.applyShared(shared("a", 10, KeyState.COOLING, NOW.plusSeconds(3600)), "other");

        assertEquals(KeyState.COOLING, memory(pool, "a").state());
        assertEquals(NOW.plusSeconds(3600), memory(pool, "a").until());
        assertEquals(List.of(), shared.changes, "a shared change is not shared again");
        assertTrue(events.get(0) instanceof PoolEvent.StateChanged t && t.reason().contains("shared by other"), events.toString());
        for (int i = 0; i < 6; i++) {
            Lease l = pool.acquire(null, null).orElseThrow();
            assertTrue(!l.key().id().equals("a"), "never the key cooling elsewhere");
            l.succeeded();
        }
    }

    @Test
    void should_ignore_a_shared_change_older_than_the_last_applied() {
        pool.applyShared(shared("a", 20, KeyState.DISABLED, null), "other");
        pool.applyShared(shared("a", 19, KeyState.ACTIVE, null), "other");
        assertEquals(KeyState.DISABLED, memory(pool, "a").state());
    }

    @Test
    void should_not_let_an_ended_shared_cooldown_undo_its_own_cooldown_over() {
        pool.applyShared(shared("a", 1, KeyState.COOLING, NOW.plusSeconds(10)), "other");
        clock.advance(Duration.ofSeconds(10));
        shared.turn = 0;
        Lease back = pool.acquire(null, null).orElseThrow(); // a, back from its cooldown, on probation
        assertEquals("a", back.key().id());
        pool.applyShared(shared("a", 2, KeyState.COOLING, NOW.plusSeconds(10)), "other"); // health changed elsewhere
        assertEquals(KeyState.ACTIVE, memory(pool, "a").state());
    }

    @Test
    void should_wait_for_its_own_change_rather_than_cool_a_key_it_just_disabled() {
        pool.disable("a");
        pool.applyShared(shared("a", 5, KeyState.COOLING, NOW.plusSeconds(60)), "other");
        assertEquals(KeyState.DISABLED, memory(pool, "a").state(), "disabled → cooling is not a transition");
    }

    @Test
    void should_take_shared_health_streak_and_model_cooldowns() {
        pool.applyShared(new KeyRecord("a", KeyState.ACTIVE, null, null, null, new Health(55, NOW.minusSeconds(30)), 2,
                Map.of("m", NOW.plusSeconds(300)), Probation.NONE, 3), "other");
        KeyMemory m = memory(pool, "a");
        assertEquals(55, m.health());
        assertEquals(2, m.consecutiveRateLimits());
        assertEquals(Map.of("m", NOW.plusSeconds(300)), m.modelCooldowns());
    }

    private static KeyRecord shared(String id, long revision, KeyState state, Instant until) {
        return new KeyRecord(id, state, until, state == KeyState.COOLING ? FailureClass.RATE_LIMITED : null,
                "too many requests", Health.FULL_HEALTH, 0, Map.of(), Probation.NONE, revision);
    }
}
