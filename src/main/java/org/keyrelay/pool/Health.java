package org.keyrelay.pool;

import java.time.Duration;
import java.time.Instant;

/**
 * A key's health score (0-100) that recovers by itself, computed from the clock: no thread runs for it. A value.
 * <p>
 * The rule: a key regains {@link RecoverySettings#points()} for every whole {@link RecoverySettings#every()} since
 * its last penalty, up to 100. A penalty ({@link HealthScore}) restarts the count from its own instant; a success
 * adds its points without restarting the count. The score is kept as a base value and the instant its current
 * recovery period began ({@code since}, null at full health), so reading it at any instant is exact, and a saved
 * score keeps recovering across a restart (the time the gateway was down counts).
 */
public record Health(int base, Instant since) {

    public static final int FULL = 100;
    public static final Health FULL_HEALTH = new Health(FULL, null);

    public Health {
        base = Math.max(0, Math.min(FULL, base));
        since = base >= FULL ? null : since;
    }

    /** What was saved; a score below 100 without an instant starts recovering from {@code now}. */
    public static Health restored(int savedBase, Instant savedSince, Instant now) {
        return new Health(savedBase, savedSince != null ? savedSince : now);
    }

    /** The score at {@code now}. */
    public int at(Instant now, RecoverySettings recovery) {
        return since == null ? base : (int) Math.min(FULL, base + periods(now, recovery) * recovery.points());
    }

    /** {@code delta} added at {@code now}; a negative delta is a penalty and restarts the recovery count. */
    Health plus(int delta, Instant now, RecoverySettings recovery) {
        Health settled = settled(now, recovery);
        int next = Math.max(0, Math.min(FULL, settled.base + delta));
        return new Health(next, delta < 0 || settled.since == null ? now : settled.since);
    }

    /** The whole periods passed by {@code now} folded into the base, the partial period still running. */
    Health settled(Instant now, RecoverySettings recovery) {
        long periods = since == null ? 0 : periods(now, recovery);
        if (periods == 0) {
            return this;
        }
        int next = (int) Math.min(FULL, base + periods * recovery.points());
        return new Health(next, since.plus(recovery.every().multipliedBy(periods)));
    }

    private long periods(Instant now, RecoverySettings recovery) {
        return now.isBefore(since) ? 0 : Duration.between(since, now).dividedBy(recovery.every());
    }
}
