package org.keyrelay.pool;

import java.time.Duration;

/**
 * How a key that was penalised comes back, per provider (keyring {@code recovery:}).
 *
 * @param every        the recovery period: a penalised key regains {@code points} of health for each whole period
 *                     since its last penalty
 * @param points       health regained per period
 * @param rampRequests how many requests a key just back from a cooldown serves on probation
 * @param rampSpacing  during that probation, the least time between two of its requests
 */
public record RecoverySettings(Duration every, int points, int rampRequests, Duration rampSpacing) {

    public static final Duration DEFAULT_EVERY = Duration.ofMinutes(10);
    public static final int DEFAULT_POINTS = 10;
    public static final int DEFAULT_RAMP_REQUESTS = 3;
    public static final Duration DEFAULT_RAMP_SPACING = Duration.ofSeconds(1);

    public RecoverySettings {
        if (every == null || every.isZero() || every.isNegative()) {
            throw new IllegalArgumentException("recovery.every must be longer than zero, was " + every);
        }
        if (points < 1 || points > KeyEntry.FULL_HEALTH) {
            throw new IllegalArgumentException("recovery.points must be 1 to 100, was " + points);
        }
        if (rampRequests < 0) {
            throw new IllegalArgumentException("recovery.rampRequests must not be negative, was " + rampRequests);
        }
        if (rampSpacing == null || rampSpacing.isNegative()) {
            throw new IllegalArgumentException("recovery.rampSpacing must not be negative, was " + rampSpacing);
        }
    }

    /** +10 health every 10 minutes; after a cooldown, 3 requests at least 1 s apart. */
    public static RecoverySettings defaults() {
        return new RecoverySettings(DEFAULT_EVERY, DEFAULT_POINTS, DEFAULT_RAMP_REQUESTS, DEFAULT_RAMP_SPACING);
    }
}
