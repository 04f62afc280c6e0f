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
            if (event instanceof PoolEvent.StateChanged t && t.to() == KeyState.COOLING) {
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

    @Test
    void should_hand_out_keys_in_strict_turn_under_concurrency() throws Exception {
        KeyPool pool = TestPools.pool(Strategy.ROUND_ROBIN, clock, IDS.toArray(String[]::new));
        StringBuilder chosen = new StringBuilder(); // appended under the pool's lock, in the order of the choices
        pool.subscribe(event -> {
            if (event instanceof PoolEvent.Chosen c) {
                chosen.append(c.keyId());
            }
        });

        runConcurrently(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                pool.acquire(null, null).orElseThrow().succeeded();
            }
        });

        assertEquals("abcd".repeat(THREADS * ROUNDS / 4), chosen.toString(),
                "after any number of requests, every key is within one request of the others");
    }

    @Test
    void should_count_statistics_exactly_under_concurrency() throws Exception {
        KeyPool pool = TestPools.pool(Strategy.LEAST_USED, clock, IDS.toArray(String[]::new));
        LongAdder settled = new LongAdder();

        runConcurrently(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < ROUNDS; i++) {
                Lease lease = pool.acquire(null, null).orElseThrow();
                if (random.nextInt(4) == 0) {
                    lease.failedWithoutCooldown(TestPools.verdict(FailureClass.TRANSIENT));
                } else {
                    lease.succeeded();
                    lease.measured(java.time.Duration.ofMillis(random.nextInt(1, 50)),
                            java.time.Duration.ofMillis(random.nextInt(50, 500)), new TokenUsage(3, 2));
                    settled.increment();
                }
            }
        });

        long requests = 0;
        long today = 0;
        long tokensIn = 0;
        long tokensOut = 0;
        long successes = 0;
        for (KeyView view : pool.view()) {
            KeyStats stats = view.stats();
            requests += stats.requests();
            today += stats.requestsToday();
            tokensIn += stats.tokensIn();
            tokensOut += stats.tokensOut();
            successes += stats.successes();
            assertEquals(Math.min(100, stats.successes()), stats.latency().samples(), view.id() + " latency samples");
            assertEquals(stats.requests(), stats.successes() + stats.failureCount(), view.id() + " outcomes");
        }
        long total = (long) THREADS * ROUNDS;
        assertEquals(total, requests);
        assertEquals(total, today);
        assertEquals(settled.sum(), successes);
        assertEquals(3 * settled.sum(), tokensIn);
        assertEquals(2 * settled.sum(), tokensOut);
    }

    @Test
    void should_keep_every_conversation_on_one_key_under_concurrency() throws Exception {
        KeyPool pool = TestPools.pool(Strategy.ROUND_ROBIN, clock, IDS.toArray(String[]::new));
        Map<String, Set<String>> keysOf = new ConcurrentHashMap<>();

        runConcurrently(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int i = 0; i < ROUNDS; i++) {
                String conversation = "conversation-" + random.nextInt(64);
                Lease lease = pool.acquire(new SelectionRequest(null, null, conversation)).orElseThrow();
                keysOf.computeIfAbsent(conversation, c -> ConcurrentHashMap.newKeySet()).add(lease.key().id());
                lease.succeeded();
            }
        });

        assertEquals(64, keysOf.size());
        keysOf.forEach((conversation, keys) -> assertEquals(1, keys.size(), conversation + " went to " + keys));
        Set<String> used = keysOf.values().stream().flatMap(Set::stream).collect(java.util.stream.Collectors.toSet());
        assertEquals(Set.copyOf(IDS), used, "conversations are spread over every key by the strategy");
    }

    @Test
    void should_let_one_of_many_simultaneous_requests_through_to_a_key_back_from_cooling() throws Exception {
        org.keyrelay.support.MutableClock moving = org.keyrelay.support.MutableClock.fixed(NOW);
        KeyPool pool = TestPools.pool(Strategy.ROUND_ROBIN, moving, IDS.toArray(String[]::new));
        Lease onA = pool.acquire(null, null).orElseThrow();
        onA.failed(TestPools.rateLimited());
        moving.advance(java.time.Duration.ofSeconds(30)); // a's cooldown is over
        Queue<Lease> held = new ConcurrentLinkedQueue<>();

        runConcurrently(() -> {
            for (int i = 0; i < 10; i++) {
                held.add(pool.acquire(null, null).orElseThrow()); // nobody answers yet
            }
        });

        long onAAgain = held.stream().filter(l -> l.key().id().equals("a")).count();
        assertEquals(1, onAAgain, "a herd of " + held.size() + " requests, one of them on probation on a");
        assertEquals(THREADS * 10, held.size());
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
