package org.keyrelay.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keyrelay.pool.TestPools.NOW;
import static org.keyrelay.pool.TestPools.acquire;
import static org.keyrelay.pool.TestPools.memory;
import static org.keyrelay.pool.TestPools.pool;
import static org.keyrelay.pool.TestPools.rateLimitedUntil;
import static org.keyrelay.pool.TestPools.verdict;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.support.MutableClock;

/** What a pool remembers of its keys survives a restart: memories() out, restore() in. */
class KeyMemoryRestoreTest {

    private final MutableClock clock = MutableClock.fixed(NOW);

    private static Map<String, KeyMemory> byId(List<KeyMemory> memories) {
        return memories.stream().collect(Collectors.toMap(KeyMemory::id, Function.identity()));
    }

    /** a: rate limited with a stated reset, b: invalid, c: disabled, d: a forbidden model and some history. */
    private KeyPool busyPool() {
        KeyPool pool = pool(clock, "a", "b", "c", "d");
        pool.acquire(null, "a").orElseThrow().failed(rateLimitedUntil(NOW.plusSeconds(90)));
        pool.acquire(null, "b").orElseThrow().failed(verdict(FailureClass.KEY_INVALID));
        pool.disable("c");
        pool.acquire("big-model", "d").orElseThrow().failed(verdict(FailureClass.MODEL_FORBIDDEN));
        pool.acquire(null, "d").orElseThrow().succeeded();
        pool.acquire(null, "d").orElseThrow().failedWithoutCooldown(verdict(FailureClass.TRANSIENT));
        return pool;
    }

    @Test
    void should_restore_exactly_what_was_remembered() {
        KeyPool before = busyPool();
        KeyPool after = pool(clock, "a", "b", "c", "d");

        after.restore(byId(before.memories()));

        assertEquals(before.memories(), after.memories());
    }

    @Test
    void should_keep_restored_keys_out_until_their_remembered_time() {
        KeyPool after = pool(clock, "a", "b", "c", "d");
        after.restore(byId(busyPool().memories()));

        assertTrue(after.acquire("big-model", null).isEmpty(), "a cooling, b invalid, c disabled, d forbidden for the model");
        clock.advance(Duration.ofSeconds(90));
        assertEquals("a", after.acquire("big-model", null).orElseThrow().key().id());
    }

    @Test
    void should_ignore_memories_of_keys_the_pool_no_longer_has() {
        KeyPool before = busyPool();
        KeyPool after = pool(clock, "d", "e");

        after.restore(byId(before.memories()));

        assertEquals(memory(before, "d"), memory(after, "d"));
        assertEquals(KeyState.ACTIVE, memory(after, "e").state());
        assertEquals(0, memory(after, "e").requests());
    }

    @Test
    void should_treat_a_remembered_cooldown_without_an_end_as_active() {
        KeyPool after = pool(clock, "a");
        KeyMemory broken = new KeyMemory("a", KeyState.COOLING, null, FailureClass.RATE_LIMITED, "too many requests",
                85, 1, Map.of(), 3, 2, Map.of(FailureClass.RATE_LIMITED, 1L));

        after.restore(Map.of("a", broken));

        assertEquals(KeyState.ACTIVE, memory(after, "a").state());
        assertTrue(after.acquire(null, null).isPresent());
    }

    @Test
    void should_remember_no_secret() {
        KeyPool pool = busyPool();

        String remembered = pool.memories().toString();

        for (ApiKey key : pool.keys()) {
            assertFalse(remembered.contains(key.secret().reveal()), key.id());
        }
    }

    @Test
    void should_remember_counters_per_key() {
        KeyMemory d = memory(busyPool(), "d");

        assertEquals(3, d.requests());
        assertEquals(1, d.successes());
        assertEquals(Map.of(FailureClass.MODEL_FORBIDDEN, 1L, FailureClass.TRANSIENT, 1L), d.failures());
        assertEquals(Map.of("big-model", NOW.plus(Duration.ofHours(24))), d.modelCooldowns());
    }

    @Test
    void should_let_later_failures_build_on_restored_escalation() {
        KeyPool before = pool(clock, "a");
        acquire(before).failed(TestPools.rateLimited()); // 30s
        clock.advance(Duration.ofSeconds(30));
        KeyPool after = pool(clock, "a");
        after.restore(byId(before.memories()));

        acquire(after).failed(TestPools.rateLimited());

        assertEquals(clock.instant().plusSeconds(60), memory(after, "a").until());
    }
}
