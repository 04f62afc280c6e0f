package org.keyrelay.pool;

import java.time.Duration;

/**
 * How a key that was penalised comes back, per provider (keyring {@code recovery:}).
 *
 * @param every        the recovery period: a penalised key regains {@code points} of health for each whole period
 *                     since its last penalty
 * @param points       health regained per period; {@link #OFF} (0): none, a penalised key's health stays where it is
 *                     until a success adds to it or an operator resets or refreshes it (keyring {@code recovery: off})
 * @param rampRequests successful answers that end the probation of a key just back from a cooldown (0: none);
 *                     on probation it serves one request at a time
 * @param rampSpacing  on probation, how long a request in flight holds back the next one at most
 */
public record RecoverySettings(Duration every, int points, int rampRequests, Duration rampSpacing) {

    public static final Duration DEFAULT_EVERY = Duration.ofMinutes(10);
    public static final int DEFAULT_POINTS = 10;
    public static final int DEFAULT_RAMP_REQUESTS = 3;
    public static final Duration DEFAULT_RAMP_SPACING = Duration.ofSeconds(1);
    /** Points per period that switch recovery off. */
    public static final int OFF = 0;

    public RecoverySettings {
        if (every == null || every.isZero() || every.isNegative()) {
            throw new IllegalArgumentException("recovery.every must be longer than zero, was " + every);
        }
        if (points < OFF || points > Health.FULL) {
            throw new IllegalArgumentException("recovery.points must be 0 (off) to 100, was " + points);
        }
        if (rampRequests < 0) {
            throw new IllegalArgumentException("recovery.rampRequests must not be negative, was " + rampRequests);
        }
        if (rampSpacing == null || rampSpacing.isNegative()) {
            throw new IllegalArgumentException("recovery.rampSpacing must not be negative, was " + rampSpacing);
        }
    }

    /** Health that never comes back by itself; probation after a cooldown as {@code rampRequests} and {@code rampSpacing}. */
    public static RecoverySettings off(int rampRequests, Duration rampSpacing) {
        return new RecoverySettings(DEFAULT_EVERY, OFF, rampRequests, rampSpacing);
    }

    /** Whether a penalised key regains health by itself. */
    public boolean recovers() {
        return points > OFF;
    }

    /** +10 health every 10 minutes; after a cooldown, one request at a time (or 1 s apart) until 3 answered. */
    public static RecoverySettings defaults() {
        return new RecoverySettings(DEFAULT_EVERY, DEFAULT_POINTS, DEFAULT_RAMP_REQUESTS, DEFAULT_RAMP_SPACING);
    }
}
