package org.keyrelay.camel.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.pool.KeyState;

/**
 * Whether one provider can serve a request now, by the rule {@code GET /health} and {@code keyrelay_keys_usable}
 * share. A key counts as usable when it is active, or cooling with its cooldown over (the next request takes it).
 * A key still cooling counts as not usable, however soon it comes back; so does a key rejected as invalid (even when
 * its fail window lets a probe through: it is unproven until that probe succeeds) and a disabled one. A cooldown of
 * one model only leaves the key usable for the others, so it does not count. Key ids only, never a secret.
 *
 * @param firstBack when the first cooling key comes back, or null when none is cooling
 */
public record ProviderHealth(String provider, int keys, int usable, int cooling, int invalid, int disabled,
                             Instant firstBack) {

    public static ProviderHealth of(KeyPool pool, Instant now) {
        int usable = 0;
        int cooling = 0;
        int invalid = 0;
        int disabled = 0;
        Instant firstBack = null;
        List<KeyMemory> memories = pool.memories();
        for (KeyMemory m : memories) {
            if (isUsable(m, now)) {
                usable++;
            } else if (m.state() == KeyState.COOLING) {
                cooling++;
                firstBack = firstBack == null || m.until().isBefore(firstBack) ? m.until() : firstBack;
            } else if (m.state() == KeyState.INVALID) {
                invalid++;
            } else {
                disabled++;
            }
        }
        return new ProviderHealth(pool.provider(), memories.size(), usable, cooling, invalid, disabled, firstBack);
    }

    /** The rule for one key: active, or cooling with the cooldown over. */
    public static boolean isUsable(KeyMemory key, Instant now) {
        return key.state() == KeyState.ACTIVE
                || key.state() == KeyState.COOLING && key.until() != null && !now.isBefore(key.until());
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
