package org.keyrelay.camel.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.pool.Readiness;

/**
 * Whether one provider can serve a request now, as {@code GET /health} and {@code keyrelay_keys_usable} show it: the
 * keys {@link Readiness#usable() usable} by the pool's one rule, and for the others why not (cooling, invalid,
 * disabled). Key ids only, never a secret.
 *
 * @param firstBack when the first cooling key comes back, or null when none is cooling
 */
public record ProviderHealth(String provider, int keys, int usable, int cooling, int invalid, int disabled,
                             Instant firstBack) {

    public static ProviderHealth of(KeyPool pool) {
        int usable = 0;
        int cooling = 0;
        int invalid = 0;
        int disabled = 0;
        Instant firstBack = null;
        Map<String, Readiness> keys = pool.readiness();
        for (Readiness r : keys.values()) {
            if (r.usable()) {
                usable++;
            } else if (r.why() == Readiness.Why.COOLING) {
                cooling++;
                firstBack = firstBack == null || r.backAt().isBefore(firstBack) ? r.backAt() : firstBack;
            } else if (r.why() == Readiness.Why.DISABLED) {
                disabled++;
            } else {
                invalid++;
            }
        }
        return new ProviderHealth(pool.provider(), keys.size(), usable, cooling, invalid, disabled, firstBack);
    }

    /** Up when the provider has a usable key, or has no keys at all (nothing configured is not a failure). */
    public boolean isUp() {
        return keys == 0 || usable > 0;
    }

    /** Why it is down, such as "no usable key of 3: 2 cooling (first back 2026-11-23T14:05:00Z, in 37 s), 1 disabled". */
    public String reason(Instant now) {
        List<String> parts = new ArrayList<>();
        if (cooling > 0) {
            long seconds = Math.max(0, Duration.between(now, firstBack).toSeconds());
            parts.add(cooling + " cooling (first back " + firstBack + ", in " + seconds + " s)");
        }
        if (invalid > 0) {
            parts.add(invalid + " invalid");
        }
        if (disabled > 0) {
            parts.add(disabled + " disabled");
        }
        return "no usable key of " + keys + ": " + String.join(", ", parts);
    }
}
