package org.keyrelay.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keyrelay.pool.TestPools.NOW;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.selection.Strategy;

/**
 * Many threads on one pool: counters add up exactly, nothing stays in flight, a key whose cooldown was recorded
 * is never handed out afterwards, and round-robin stays fair.
 */
class KeyPoolConcurrencyTest {

    private static final int THREADS = 16;
    private static final int ROUNDS = 2_000;
    private static final List<String> IDS = List.of("a", "b", "c", "d");

    /** Fixed: no cooldown ever ends, so once a key is recorded as cooling it must stay out for good. */
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void should_keep_counters_exact_and_never_hand_out_a_key_after_its_cooldown_was_recorded() throws Exception {
        KeyPool pool = TestPools.pool(Strategy.ROUND_ROBIN, clock, IDS.toArray(String[]::new));
        // Added by a listener, which the pool calls under its lock right after the key became COOLING: when an
        // acquiring thread sees an id here before it calls acquire(), that acquire() takes the lock after the
        // cooldown was recorded. Cooling failures are TRANSIENT and QUOTA_EXHAUSTED only: their cooldown cannot be
        // lifted by a success on another lease of the same key (a rate-limit cooldown can, legitimately), and the
        // fixed clock never ends them, so the key must stay out for the rest of the run.
        Set<String> cooled = ConcurrentHashMap.newKeySet();
        pool.subscribe(event -> {
            if (event instanceof PoolEvent.Transition t && t.to() == KeyState.COOLING) {
                cooled.add(t.keyId());
            }
        });
        Map<String, LongAdder> successes = counters();
        Map<String, LongAdder> failures = counters();
        Map<String, LongAdder> notCounted = counters(); // released, or failed as a caller fault
        Queue<String> violations = new ConcurrentLinkedQueue<>();
        AtomicLong leases = new AtomicLong();
        AtomicLong empty = new AtomicLong();

        runConcurrently(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < ROUNDS; i++) {
                Set<String> outBefore = Set.copyOf(cooled);
                Optional<Lease> acquired = pool.acquire(null, null);
                if (acquired.isEmpty()) {
                    empty.incrementAndGet();
                    continue;
                }
                leases.incrementAndGet();
                Lease lease = acquired.get();
                String id = lease.key().id();
                if (outBefore.contains(id)) {
                    violations.add(id + " was handed out after its cooldown was recorded");
                }
                int roll = random.nextInt(10_000);
                if (roll < 2) {
                    lease.failed(TestPools.verdict(random.nextBoolean() ? FailureClass.TRANSIENT
                            : FailureClass.QUOTA_EXHAUSTED));
                    failures.get(id).increment();
                } else if (roll < 1_000) {
                    lease.failedWithoutCooldown(TestPools.verdict(FailureClass.RATE_LIMITED));
                    failures.get(id).increment();
                } else if (roll < 1_500) {
                    lease.failed(TestPools.verdict(FailureClass.CALLER_FAULT));
                    notCounted.get(id).increment();
                } else if (roll < 2_500) {
                    lease.released();
                    notCounted.get(id).increment();
                } else {
                    lease.succeeded();
                    successes.get(id).increment();
                }
                if (random.nextInt(10) == 0) { // a second path settling the same request must change nothing
                    settleAgain(lease, random.nextInt(4));
                }
            }
        });

        assertTrue(violations.isEmpty(), () -> violations.size() + " violations, first: " + violations.peek());
        assertEquals((long) THREADS * ROUNDS, leases.get() + empty.get());
        assertTrue(leases.get() > 1_000, "the run exercised the pool: " + leases.get() + " leases");
        long requests = 0;
        for (KeyView view : pool.view()) {
            KeyMemory m = view.memory();
            long failed = m.failures().values().stream().mapToLong(Long::longValue).sum();
            String id = view.id();
            assertEquals(0, view.inFlight(), id + " in flight");
            assertEquals(successes.get(id).sum(), m.successes(), id + " successes");
            assertEquals(failures.get(id).sum(), failed, id + " failures");
            assertEquals(m.requests(), m.successes() + failed + notCounted.get(id).sum(), id + " requests");
            assertEquals(cooled.contains(id), m.state() == KeyState.COOLING, id + " cooling");
            requests += m.requests();
        }
        assertEquals(leases.get(), requests);
    }

    @Test
    void should_rotate_round_robin_fairly_under_concurrency() throws Exception {
        KeyPool pool = TestPools.pool(Strategy.ROUND_ROBIN, clock, IDS.toArray(String[]::new));

        runConcurrently(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                pool.acquire(null, null).orElseThrow().succeeded();
            }
        });

        List<Long> requests = pool.memories().stream().map(KeyMemory::requests).toList();
        long min = requests.stream().mapToLong(Long::longValue).min().orElseThrow();
        long max = requests.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(max - min <= 1, "requests per key: " + requests);
        assertEquals((long) THREADS * ROUNDS, requests.stream().mapToLong(Long::longValue).sum());
        assertTrue(pool.view().stream().allMatch(v -> v.inFlight() == 0));
    }

    private static void settleAgain(Lease lease, int how) {
        switch (how) {
            case 0 -> lease.succeeded();
            case 1 -> lease.failed(TestPools.verdict(FailureClass.KEY_INVALID));
            case 2 -> lease.failedWithoutCooldown(TestPools.verdict(FailureClass.TRANSIENT));
            default -> lease.released();
        }
    }

    private static Map<String, LongAdder> counters() {
        Map<String, LongAdder> counters = new ConcurrentHashMap<>();
        IDS.forEach(id -> counters.put(id, new LongAdder()));
        return counters;
    }

    private static void runConcurrently(Runnable body) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                done.add(executor.submit(() -> {
                    start.await();
                    body.run();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
        }
    }
}
