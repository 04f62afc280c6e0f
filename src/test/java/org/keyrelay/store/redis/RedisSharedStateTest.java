package org.keyrelay.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.failure.QuotaWindow;
import org.keyrelay.failure.Verdict;
import org.keyrelay.pool.ApiKey;
import org.keyrelay.pool.CooldownPolicy;
import org.keyrelay.pool.CooldownSettings;
import org.keyrelay.pool.KeyChange;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.pool.KeyOp;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.pool.KeyState;
import org.keyrelay.pool.Lease;
import org.keyrelay.pool.RecoverySettings;
import org.keyrelay.pool.Secret;
import org.keyrelay.selection.Strategy;
import org.keyrelay.store.FileKeyStateStore;
import org.keyrelay.store.StoreStatus;
import org.keyrelay.support.Eventually;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RedisServer;
import redis.clients.jedis.Jedis;

/**
 * Two instances' pools ("a" and "b", each with its own {@link RedisSharedState}) sharing one real redis-server:
 * what one records, the other applies at once; Redis merges by the pool's rules; round-robin takes turns across
 * instances; and an instance that lost Redis keeps its view and gives it back when Redis returns, empty.
 */
class RedisSharedStateTest {

    private static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    private static final Duration SOON = Duration.ofSeconds(5);

    @TempDir
    static Path dir;
    private static RedisServer redis;

    private final MutableClock clock = MutableClock.fixed(NOW);
    private final List<RedisSharedState> states = new ArrayList<>();

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServer.start(dir);
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @BeforeEach
    void emptyRedis() throws Exception {
        redis.start(); // a test may have killed it
        try (Jedis j = new Jedis("127.0.0.1", redis.port())) {
            j.flushAll();
        }
    }

    @AfterEach
    void closeInstances() {
        states.forEach(RedisSharedState::close);
    }

    @Test
    void should_keep_a_key_another_instance_found_rate_limited_out_of_rotation() {
        KeyPool a = instance("a");
        KeyPool b = instance("b");
        Lease lease = a.acquire(null, null).orElseThrow();
        assertEquals("k1", lease.key().id(), "the first turn");

        long sent = System.nanoTime();
        lease.failed(rateLimitedUntil(NOW.plusSeconds(3600)));
        long deadline = sent + SOON.toNanos();
        while (memory(b, "k1").state() != KeyState.COOLING && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        long micros = (System.nanoTime() - sent) / 1000;
        System.out.println("cooldown recorded on a was applied on b after " + micros + " us");

        assertEquals(NOW.plusSeconds(3600), memory(b, "k1").until());
        assertEquals("too many requests", memory(b, "k1").reason());
        for (int i = 0; i < 12; i++) {
            Lease l = b.acquire(null, null).orElseThrow();
            assertNotEquals("k1", l.key().id(), "b must not choose the key a found rate-limited");
            l.succeeded();
        }
    }

    @Test
    void should_take_round_robin_turns_across_instances() {
        KeyPool a = instance("a");
        KeyPool b = instance("b");
        StringBuilder sequence = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            Lease l = (i % 2 == 0 ? a : b).acquire(null, null).orElseThrow();
            sequence.append(l.key().id().substring(1));
            l.succeeded();
        }
        assertEquals("123123123", sequence.toString(), "requests alternating between the instances go round the keys");
    }

    @Test
    void should_share_an_operators_disable_and_enable() {
        KeyPool a = instance("a");
        KeyPool b = instance("b");
        b.disable("k2");
        Eventually.until(SOON, "a hears k2 was disabled", () -> memory(a, "k2").state() == KeyState.DISABLED);
        a.enable("k2");
        Eventually.until(SOON, "b hears k2 was enabled", () -> memory(b, "k2").state() == KeyState.ACTIVE);
    }

    @Test
    void should_keep_the_later_cooldown_whoever_records_the_shorter_one() {
        KeyPool a = instance("a");
        KeyPool b = instance("b");
        states.get(0).recorded(cool(a, "k3", NOW.plusSeconds(3600)));
        Eventually.until(SOON, "b hears of the hour", () -> memory(b, "k3").state() == KeyState.COOLING);
        states.get(1).recorded(cool(b, "k3", NOW.plusSeconds(60)));
        states.get(1).recorded(cool(b, "k2", NOW.plusSeconds(60))); // after it in b's outbox: it went through Redis
        Eventually.until(SOON, "a hears of k2", () -> memory(a, "k2").state() == KeyState.COOLING);

        assertEquals(NOW.plusSeconds(3600), memory(a, "k3").until(), "a shorter cooldown never replaces a longer one");
        assertEquals(NOW.plusSeconds(3600), memory(b, "k3").until());
    }

    @Test
    void should_share_health_and_add_up_counters_in_redis() {
        KeyPool a = instance("a");
        KeyPool b = instance("b");
        a.acquire(null, null).orElseThrow().failedWithoutCooldown(verdict(FailureClass.TRANSIENT)); // k1: -20
        b.acquire(null, null).orElseThrow().succeeded(); // k2
        Lease third = a.acquire(null, null).orElseThrow(); // k3
        third.succeeded();
        Eventually.until(SOON, "b hears k1's health", () -> memory(b, "k1").health() == 80);

        try (Jedis j = new Jedis("127.0.0.1", redis.port())) {
            Eventually.until(SOON, "counters reach Redis",
                    () -> "1".equals(j.hget(RedisLayout.key("p", "k3"), "successes")));
            assertEquals("1", j.hget(RedisLayout.key("p", "k1"), "requests"));
            assertEquals("1", j.hget(RedisLayout.key("p", "k1"), "f:TRANSIENT"));
            assertEquals("1", j.hget(RedisLayout.key("p", "k2"), "successes"));
            assertEquals(Map.of("2026-03-02", "1"), j.hgetAll(RedisLayout.days("p", "k2")));
            assertEquals(Boolean.TRUE, j.sismember(RedisLayout.PROVIDERS, "p"));
            String everything = String.join(" ", j.keys("*")) + " " + j.hgetAll(RedisLayout.key("p", "k1"));
            assertFalse(everything.contains("sk-"), "no secret in Redis: " + everything);
        }
    }

    @Test
    void should_keep_serving_without_redis_and_give_it_back_what_it_missed() throws Exception {
        KeyPool a = instance("a");
        KeyPool b = instance("b");
        Lease before = a.acquire(null, null).orElseThrow(); // k1
        before.failed(rateLimitedUntil(NOW.plusSeconds(3600)));
        Eventually.until(SOON, "b hears of k1", () -> memory(b, "k1").state() == KeyState.COOLING);

        redis.kill();
        // both serve on their own view: b still keeps k1 out, and takes turns by itself
        Optional<Lease> onB = b.acquire(null, null);
        assertTrue(onB.isPresent());
        assertNotEquals("k1", onB.get().key().id());
        onB.get().succeeded();
        Lease duringOutage = a.acquire(null, "k2").orElseThrow();
        duringOutage.failed(rateLimitedUntil(NOW.plusSeconds(1800)));
        Eventually.until(SOON, "a notices Redis is gone", () -> !states.get(0).isUp());
        assertTrue(states.get(0).status().errors() > 0, "the failure is counted");
        assertFalse(states.get(0).status().reachable());

        redis.start(); // back, and empty
        Eventually.until(Duration.ofSeconds(10), "both instances are caught up",
                () -> states.get(0).isUp() && states.get(1).isUp());
        Eventually.until(SOON, "b hears of the cooldown a recorded while Redis was down",
                () -> memory(b, "k2").state() == KeyState.COOLING);
        assertEquals(NOW.plusSeconds(1800), memory(b, "k2").until());
        try (Jedis j = new Jedis("127.0.0.1", redis.port())) {
            assertEquals("COOLING", j.hget(RedisLayout.key("p", "k1"), "state"), "the cooldown from before the outage");
            assertEquals(Long.toString(NOW.plusSeconds(3600).toEpochMilli()), j.hget(RedisLayout.key("p", "k1"), "until"));
        }

        b.acquire(null, "k3").orElseThrow().failed(rateLimitedUntil(NOW.plusSeconds(600)));
        Eventually.until(SOON, "a cooldown after the restart is shared again",
                () -> memory(a, "k3").state() == KeyState.COOLING);
    }

    @Test
    void should_start_on_its_own_state_file_when_redis_is_unreachable_and_share_it_once_redis_answers()
            throws Exception {
        Path stateDir = dir.resolve("own-" + System.nanoTime());
        try (FileKeyStateStore before = FileKeyStateStore.owner(stateDir, clock, Duration.ofSeconds(1))) {
            before.save(Map.of("p", List.of(new KeyMemory("k2", KeyState.COOLING, NOW.plusSeconds(3600),
                    FailureClass.QUOTA_EXHAUSTED, "usage limit", 70, 0, Map.of(), 5, 4, Map.of()))));
        }
        redis.kill();
        RedisKeyStateStore store = new RedisKeyStateStore(RedisLocation.parse(redis.url(), "test"), "x",
                FileKeyStateStore.owner(stateDir, clock, Duration.ofSeconds(1)));
        try (store) {
            Map<String, List<KeyMemory>> loaded = store.load();
            assertEquals(KeyState.COOLING, loaded.get("p").get(0).state(), "the instance's own file, Redis being down");
            assertEquals(new StoreStatus("redis", "redis://127.0.0.1:" + redis.port() + "/0", false, 1), store.status());

            List<ApiKey> keys = List.of(new ApiKey("k1", new Secret("sk-test-k1-0001"), 1),
                    new ApiKey("k2", new Secret("sk-test-k2-0001"), 1));
            KeyPool pool = new KeyPool("p", keys, Strategy.ROUND_ROBIN, new CooldownPolicy(CooldownSettings.defaults()),
                    RecoverySettings.defaults(), clock, store.sharedState());
            pool.restore(Map.of("k2", loaded.get("p").get(0)));
            store.startSharing(Map.of("p", pool));
            assertEquals("k1", pool.acquire(null, null).orElseThrow().key().id(), "serving meanwhile");

            redis.start();
            Eventually.until(Duration.ofSeconds(10), "the instance shares once Redis answers",
                    () -> store.status().reachable());
            try (Jedis j = new Jedis("127.0.0.1", redis.port())) {
                assertEquals("COOLING", j.hget(RedisLayout.key("p", "k2"), "state"), "Redis learnt the file's cooldown");
                assertEquals("70", j.hget(RedisLayout.key("p", "k2"), "health"));
                assertEquals("1", j.hget(RedisLayout.key("p", "k1"), "requests"));
            }
        }
    }

    private KeyPool instance(String name) {
        RedisSharedState state = new RedisSharedState(RedisLocation.parse(redis.url(), "test"), name);
        List<ApiKey> keys = Arrays.stream(new String[] {"k1", "k2", "k3"})
                .map(id -> new ApiKey(id, new Secret("sk-test-" + id + "-0001"), 1)).toList();
        KeyPool pool = new KeyPool("p", keys, Strategy.ROUND_ROBIN, new CooldownPolicy(CooldownSettings.defaults()),
                RecoverySettings.defaults(), clock, state);
        state.start(Map.of("p", pool));
        states.add(state);
        Eventually.until(SOON, "instance " + name + " shares through Redis", state::isUp);
        return pool;
    }

    private static KeyChange cool(KeyPool pool, String keyId, Instant until) {
        Verdict rateLimited = new Verdict(FailureClass.RATE_LIMITED, "too many requests", Optional.of(until),
                QuotaWindow.UNKNOWN);
        return new KeyChange("p", keyId, NOW, KeyOp.Tally.NONE, new KeyOp.Failed(rateLimited, null, true), pool.rules());
    }

    private static KeyMemory memory(KeyPool pool, String id) {
        return pool.memories().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    }

    private static Verdict verdict(FailureClass c) {
        return new Verdict(c, null, Optional.empty(), QuotaWindow.UNKNOWN);
    }

    private static Verdict rateLimitedUntil(Instant at) {
        return new Verdict(FailureClass.RATE_LIMITED, "too many requests", Optional.of(at), QuotaWindow.UNKNOWN);
    }
}
