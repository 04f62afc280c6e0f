package org.keyrelay.pool;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.failure.QuotaWindow;
import org.keyrelay.failure.Verdict;
import org.keyrelay.selection.Strategy;

/** Pools with keys named "a", "b", "c"... (fake secrets), verdicts, and a look at one key's memory. */
final class TestPools {

    static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    private TestPools() {
    }

    static KeyPool pool(Clock clock, String... ids) {
        return pool(Strategy.ROUND_ROBIN, clock, ids);
    }

    static KeyPool pool(Strategy strategy, Clock clock, String... ids) {
        List<ApiKey> keys = Arrays.stream(ids).map(id -> new ApiKey(id, secretOf(id), 1)).toList();
        return new KeyPool("p", keys, strategy, new CooldownPolicy(CooldownSettings.defaults()), clock);
    }

    static Secret secretOf(String id) {
        return new Secret("sk-test-" + id + "-0001");
    }

    static Lease acquire(KeyPool pool) {
        return pool.acquire(null, null).orElseThrow(() -> new AssertionError("no key was usable"));
    }

    static Lease acquire(KeyPool pool, String model) {
        return pool.acquire(model, null).orElseThrow(() -> new AssertionError("no key was usable for " + model));
    }

    static Verdict verdict(FailureClass failureClass) {
        return new Verdict(failureClass, null, Optional.empty(), QuotaWindow.UNKNOWN);
    }

    static Verdict rateLimited() {
        return new Verdict(FailureClass.RATE_LIMITED, "too many requests", Optional.empty(), QuotaWindow.UNKNOWN);
    }

    static Verdict rateLimitedUntil(Instant resetAt) {
        return new Verdict(FailureClass.RATE_LIMITED, "too many requests", Optional.of(resetAt), QuotaWindow.UNKNOWN);
    }

    static Verdict quota(QuotaWindow window) {
        return new Verdict(FailureClass.QUOTA_EXHAUSTED, "usage limit", Optional.empty(), window);
    }

    static KeyView view(KeyPool pool, String id) {
        return pool.view().stream().filter(v -> v.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no key " + id));
    }

    static KeyMemory memory(KeyPool pool, String id) {
        return view(pool, id).memory();
    }
}
