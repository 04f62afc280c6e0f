package org.keyrelay.selection;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.failure.QuotaWindow;
import org.keyrelay.failure.Verdict;
import org.keyrelay.pool.ApiKey;
import org.keyrelay.pool.CooldownPolicy;
import org.keyrelay.pool.CooldownSettings;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.pool.Lease;
import org.keyrelay.pool.Secret;

/** Key sequences written as strings ("abcabc"): keys are named by one letter, a pick is its letter. */
final class Picks {

    static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");

    private Picks() {
    }

    /** A pool of keys "a", "b"... with weight 1. */
    static KeyPool pool(Strategy strategy, Clock clock, String ids) {
        int[] weights = new int[ids.length()];
        Arrays.fill(weights, 1);
        return pool(strategy, clock, ids, weights);
    }

    static KeyPool pool(Strategy strategy, Clock clock, String ids, int... weights) {
        List<ApiKey> keys = new ArrayList<>();
        for (int i = 0; i < ids.length(); i++) {
            String id = String.valueOf(ids.charAt(i));
            keys.add(new ApiKey(id, new Secret("sk-test-" + id + "-0001"), weights[i]));
        }
        return new KeyPool("p", keys, strategy, new CooldownPolicy(CooldownSettings.defaults()), clock);
    }

    /** {@code n} requests in a row, each answered successfully before the next. */
    static String picks(KeyPool pool, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Lease lease = pool.acquire(null, null).orElseThrow(() -> new AssertionError("no key after " + sb));
            sb.append(lease.key().id());
            lease.succeeded();
        }
        return sb.toString();
    }

    /** The next request gets a rate limit: its key cools for 30 s. Returns that key's id. */
    static String nextIsRateLimited(KeyPool pool) {
        Lease lease = pool.acquire(null, null).orElseThrow();
        lease.failed(new Verdict(FailureClass.RATE_LIMITED, "too many requests", Optional.empty(), QuotaWindow.UNKNOWN));
        return lease.key().id();
    }

    /** The next request fails in a way that lowers its key's health but keeps it in rotation. */
    static String nextFailsWithoutCooldown(KeyPool pool, FailureClass failure) {
        Lease lease = pool.acquire(null, null).orElseThrow();
        lease.failedWithoutCooldown(new Verdict(failure, null, Optional.empty(), QuotaWindow.UNKNOWN));
        return lease.key().id();
    }

    /** {@code n} choices of a selector over the same candidates. */
    static String choices(KeySelector selector, List<Candidate> candidates, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(selector.choose(candidates).id());
        }
        return sb.toString();
    }

    /** Candidates "a", "b"... at positions 0, 1..., weight 1, full health, idle. */
    static List<Candidate> idle(String ids) {
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < ids.length(); i++) {
            out.add(new Candidate(String.valueOf(ids.charAt(i)), i, 1, 100, 0, 0));
        }
        return out;
    }
}
