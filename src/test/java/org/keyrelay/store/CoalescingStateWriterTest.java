package org.keyrelay.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.keyrelay.pool.ApiKey;
import org.keyrelay.pool.CooldownPolicy;
import org.keyrelay.pool.CooldownSettings;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.pool.Secret;
import org.keyrelay.selection.Strategy;

/**
 * Many pool events cost one write per period; flush() writes at once. The writer's schedule runs on real time, so
 * these tests wait for a save to arrive (bounded) rather than for a cooldown.
 */
class CoalescingStateWriterTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC);
    private static final long PERIOD_MILLIS = 200;
    private static final long PATIENCE_MILLIS = 10_000;

    /** A store that remembers each save, in order. */
    private static final class CountingStore implements KeyStateStore {
        final BlockingQueue<Map<String, List<KeyMemory>>> saves = new LinkedBlockingQueue<>();
        final AtomicInteger count = new AtomicInteger();

        @Override
        public Map<String, List<KeyMemory>> load() {
            return Map.of();
        }

        @Override
        public void save(Map<String, List<KeyMemory>> state) {
            count.incrementAndGet();
            saves.add(state);
        }

        Map<String, List<KeyMemory>> nextSave() throws InterruptedException {
            return saves.poll(PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private final KeyPool pool = new KeyPool("openai",
            List.of(new ApiKey("alpha", new Secret("sk-test-alpha-0001"), 1),
                    new ApiKey("beta", new Secret("sk-test-beta-0002"), 1)),
            Strategy.ROUND_ROBIN, new CooldownPolicy(CooldownSettings.defaults()), CLOCK);

    private void requests(int n) {
        for (int i = 0; i < n; i++) {
            pool.acquire(null, null).orElseThrow().succeeded();
        }
    }

    private static long requestsIn(Map<String, List<KeyMemory>> state) {
        return state.get("openai").stream().mapToLong(KeyMemory::requests).sum();
    }

    @Test
    void should_write_a_burst_of_events_once() throws Exception {
        CountingStore store = new CountingStore();
        try (CoalescingStateWriter writer = new CoalescingStateWriter(store, Map.of("openai", pool), PERIOD_MILLIS)) {
            requests(1_000);

            Map<String, List<KeyMemory>> saved = store.nextSave();

            assertNotNull(saved, "a save within " + PATIENCE_MILLIS + " ms");
            assertEquals(1, store.count.get());
            assertEquals(1_000, requestsIn(saved));

            requests(500);
            Map<String, List<KeyMemory>> second = store.nextSave();

            assertNotNull(second);
            assertEquals(2, store.count.get());
            assertEquals(1_500, requestsIn(second));
        }
    }

    @Test
    void should_not_write_when_nothing_changed() throws Exception {
        CountingStore store = new CountingStore();
        try (CoalescingStateWriter writer = new CoalescingStateWriter(store, Map.of("openai", pool), PERIOD_MILLIS)) {
            requests(1);
            assertNotNull(store.nextSave());

            assertNull(store.saves.poll(PERIOD_MILLIS * 4, TimeUnit.MILLISECONDS), "no save over four idle periods");
            assertEquals(1, store.count.get());
        }
    }

    @Test
    void should_write_at_once_on_flush() {
        CountingStore store = new CountingStore();
        try (CoalescingStateWriter writer = new CoalescingStateWriter(store, Map.of("openai", pool), 3_600_000)) {
            requests(3);

            writer.flush();

            assertEquals(1, store.count.get());
            assertEquals(3, requestsIn(store.saves.peek()));
        }
    }

    @Test
    void should_write_the_last_state_when_closed() {
        CountingStore store = new CountingStore();
        CoalescingStateWriter writer = new CoalescingStateWriter(store, Map.of("openai", pool), 3_600_000);
        requests(2);

        writer.close();

        assertEquals(1, store.count.get());
        assertEquals(2, requestsIn(store.saves.peek()));
    }

    @Test
    void should_retry_a_save_that_failed() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CountingStore saved = new CountingStore();
        KeyStateStore failingOnce = new KeyStateStore() {
            @Override
            public Map<String, List<KeyMemory>> load() {
                return Map.of();
            }

            @Override
            public void save(Map<String, List<KeyMemory>> state) {
                if (attempts.incrementAndGet() == 1) {
                    throw new IllegalStateException("disk full");
                }
                saved.save(state);
            }
        };
        try (CoalescingStateWriter writer = new CoalescingStateWriter(failingOnce, Map.of("openai", pool), PERIOD_MILLIS)) {
            requests(4);

            Map<String, List<KeyMemory>> state = saved.nextSave();

            assertNotNull(state, "the failed save was retried");
            assertEquals(4, requestsIn(state));
            assertEquals(2, attempts.get());
        }
    }

    @Test
    void should_write_when_marked_dirty_without_an_event() throws Exception {
        CountingStore store = new CountingStore();
        try (CoalescingStateWriter writer = new CoalescingStateWriter(store, Map.of("openai", pool), PERIOD_MILLIS)) {
            writer.markDirty();

            assertNotNull(store.nextSave());
        }
    }
}
