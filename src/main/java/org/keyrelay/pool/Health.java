package org.keyrelay.pool;

import java.time.Duration;
import java.time.Instant;

/**
 * A key's health score (0-100) that recovers by itself, computed from the clock: no thread runs for it.
 * <p>
 * The rule: a key regains {@link RecoverySettings#points()} for every whole {@link RecoverySettings#every()} since
 * its last penalty, up to 100. A penalty ({@link HealthScore}) restarts the count from its own instant; a success
 * adds its points without restarting the count. The score is stored as a base value and the instant its
 * current recovery period began ({@code since}), so reading it at any instant is exact, and a saved score keeps
 * recovering across a restart (the time the gateway was down counts).
 * <p>
 * Only {@link KeyEntry} uses it, under the pool's lock.
 */
final class Health {

    static final int FULL = 100;

    private final RecoverySettings recovery;
    private int base = FULL;
    private Instant since;

    Health(RecoverySettings recovery) {
        this.recovery = recovery;
    }

    /** The score at {@code now}. */
    int at(Instant now) {
        if (since == null || base >= FULL) {
            return Math.min(base, FULL);
        }
        long periods = periods(now);
        return (int) Math.min(FULL, base + periods * recovery.points());
    }

    /** Adds {@code delta} at {@code now}; a negative delta is a penalty and restarts the recovery count. */
    void add(int delta, Instant now) {
        settle(now);
        base = Math.max(0, Math.min(FULL, base + delta));
        if (base >= FULL) {
            since = null;
        } else if (delta < 0 || since == null) {
            since = now;
        }
    }

    /** Back to full health (an operator's enable or reset). */
    void restore() {
        base = FULL;
        since = null;
    }

    /** Folds the whole periods passed by {@code now} into the base, keeping the partial period running. */
    void settle(Instant now) {
        if (since == null) {
            return;
        }
        long periods = periods(now);
        if (periods == 0) {
            return;
        }
        base = (int) Math.min(FULL, base + periods * recovery.points());
        since = base >= FULL ? null : since.plus(recovery.every().multipliedBy(periods));
    }

    /** The stored base score; with {@link #since()} it is what is saved. Call {@link #settle} first. */
    int base() {
        return base;
    }

    /** When the current recovery period began; null at full health. */
    Instant since() {
        return since;
    }

    /** Sets what was saved; a score below 100 without an instant starts recovering from {@code now}. */
    void restore(int savedBase, Instant savedSince, Instant now) {
        base = Math.max(0, Math.min(FULL, savedBase));
        since = base >= FULL ? null : (savedSince != null ? savedSince : now);
    }

    private long periods(Instant now) {
        if (now.isBefore(since)) {
            return 0;
        }
        return Duration.between(since, now).dividedBy(recovery.every());
    }
}
