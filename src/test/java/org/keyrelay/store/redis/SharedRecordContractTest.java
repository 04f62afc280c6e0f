package org.keyrelay.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.failure.QuotaWindow;
import org.keyrelay.failure.Verdict;
import org.keyrelay.pool.ApiKey;
import org.keyrelay.pool.CooldownPolicy;
import org.keyrelay.pool.CooldownSettings;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.pool.KeyRecord;
import org.keyrelay.pool.Lease;
import org.keyrelay.pool.RecoverySettings;
import org.keyrelay.pool.Secret;
import org.keyrelay.pool.SharedKeyState;
import org.keyrelay.selection.Strategy;
import org.keyrelay.support.Eventually;
import org.keyrelay.support.MutableClock;
import org.keyrelay.support.RedisServer;
import redis.clients.jedis.Jedis;

/**
 * The contract between the pool and the shared store: one sequence of operations, driven through a pool alone and,
 * step by step alternating, through two pools sharing a real redis-server, leaves every key with the same record
 * (state, cooldown, cause, reason, health, streak, model cooldowns) in all three pools. Redis holds records written by
 * compare-and-set; the rules that computed them are the pools' own ({@link org.keyrelay.pool.KeyRules}).
 */
class SharedRecordContractTest {

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

    @AfterEach
    void closeInstances() {
        states.forEach(RedisSharedState::close);
    }

    /** One step: which shared instance takes it (0 or 1), and what it does to a pool. */
    private record Step(int instance, String what, Consumer<KeyPool> action) {}

    private static Step fail(int instance, String keyId, String model, Verdict verdict, boolean cooldown) {
        return new Step(instance, keyId + " fails " + verdict.failureClass(), pool -> {
            Lease lease = pool.acquire(model, keyId).orElseThrow(() -> new AssertionError("no key for " + keyId));
            assertEquals(keyId, lease.key().id());
            if (cooldown) {
                lease.failed(verdict);
            } else {
                lease.failedWithoutCooldown(verdict);
            }
        });
    }

    private static Step succeed(int instance, String keyId) {
        return new Step(instance, keyId + " succeeds", pool -> {
            Lease lease = pool.acquire(null, keyId).orElseThrow(() -> new AssertionError("no key for " + keyId));
            assertEquals(keyId, lease.key().id());
            lease.succeeded();
        });
    }

    private static Verdict verdict(FailureClass c, Optional<Instant> resetAt, QuotaWindow window) {
        return new Verdict(c, c.name().toLowerCase(java.util.Locale.ROOT), resetAt, window);
    }

    @Test
    void should_leave_the_same_records_alone_and_through_redis() throws Exception {
        try (Jedis j = new Jedis("127.0.0.1", redis.port())) {
            j.flushAll();
        }
        KeyPool alone = pool(SharedKeyState.LOCAL);
        List<KeyPool> shared = List.of(instance("a"), instance("b"));
        Verdict rateLimited = verdict(FailureClass.RATE_LIMITED, Optional.empty(), QuotaWindow.UNKNOWN);
        List<Step> steps = List.of(
                fail(0, "k1", null, rateLimited, true),
                fail(1, "k2", null, verdict(FailureClass.QUOTA_EXHAUSTED, Optional.empty(), QuotaWindow.SESSION), true),
                succeed(0, "k3"),
                fail(1, "k3", "big-model", verdict(FailureClass.MODEL_FORBIDDEN, Optional.empty(), QuotaWindow.UNKNOWN),
                        true),
                new Step(0, "k2 disabled", pool -> pool.disable("k2")),
                fail(1, "k3", null, verdict(FailureClass.KEY_INVALID, Optional.empty(), QuotaWindow.UNKNOWN), true),
                new Step(0, "k1 reset", pool -> pool.reset("k1")),
                fail(1, "k1", null, rateLimited, true),
                fail(0, "k4", null, verdict(FailureClass.TRANSIENT, Optional.empty(), QuotaWindow.UNKNOWN), false),
                new Step(1, "k3 enabled", pool -> pool.enable("k3")),
                fail(0, "k3", null, verdict(FailureClass.RATE_LIMITED, Optional.of(NOW.plusSeconds(600)),
                        QuotaWindow.UNKNOWN), true),
                new Step(-1, "31 s pass", pool -> clock.advance(Duration.ofSeconds(31))),
                succeed(1, "k1"),
                fail(0, "k1", null, rateLimited, true),
                succeed(1, "k4"),
                new Step(1, "k2 enabled", pool -> pool.enable("k2")));
        for (Step step : steps) {
            if (step.instance() < 0) {
                step.action().accept(alone);
                continue;
            }
            step.action().accept(alone);
            step.action().accept(shared.get(step.instance()));
            for (KeyPool p : shared) {
                Eventually.until(SOON, "after '" + step.what() + "', " + p + " holds what the pool alone holds",
                        () -> same(alone.records(), p.records()));
            }
        }
        assertTrue(same(alone.records(), shared.get(0).records()));
        assertTrue(same(alone.records(), shared.get(1).records()));
        assertTrue(alone.records().stream().anyMatch(r -> r.health().base() < 100), "the sequence did move health");
    }

    private static boolean same(List<KeyRecord> expected, List<KeyRecord> actual) {
        for (int i = 0; i < expected.size(); i++) {
            if (!expected.get(i).sameShared(actual.get(i))) {
                return false;
            }
        }
        return expected.size() == actual.size();
    }

    private KeyPool pool(SharedKeyState shared) {
        List<ApiKey> keys = Arrays.stream(new String[] {"k1", "k2", "k3", "k4"})
                .map(id -> new ApiKey(id, new Secret("sk-test-" + id + "-0001"), 1)).toList();
        return new KeyPool("p", keys, Strategy.ROUND_ROBIN, new CooldownPolicy(CooldownSettings.defaults()),
                RecoverySettings.defaults(), clock, shared);
    }

    private KeyPool instance(String name) {
        RedisSharedState state = new RedisSharedState(RedisLocation.parse(redis.url(), "test"), name);
        KeyPool pool = pool(state);
        state.start(Map.of("p", pool));
        states.add(state);
        Eventually.until(SOON, "instance " + name + " shares through Redis", state::isUp);
        return pool;
    }
}
