package org.keyrelay.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * A key's budgets by window, as one value of its record: what the providers last said is left of each of its limits.
 * Reports merge window by window, the later report of a window winning, so reports may arrive in any order (several
 * instances, a poll and an answer's headers) and the result is the same.
 */
public record Budgets(Map<String, Budget> windows) {

    public static final Budgets NONE = new Budgets(Map.of());

    /** A window whose reset is this long past is forgotten at the next report (its provider stopped saying). */
    static final Duration FORGET_AFTER = Duration.ofDays(1);

    public Budgets {
        windows = Map.copyOf(windows);
    }

    public static Budgets of(Collection<Budget> budgets) {
        return NONE.merge(budgets, null);
    }

    /** These budgets with {@code reported} taken in (later reports of a window win); stale windows forgotten. */
    public Budgets merge(Collection<Budget> reported, Instant now) {
        Map<String, Budget> next = new TreeMap<>(windows);
        for (Budget b : reported) {
            next.merge(b.window(), b, (mine, theirs) -> theirs.seenAt().isBefore(mine.seenAt()) ? mine : theirs);
        }
        if (now != null) {
            next.values().removeIf(b -> b.resetAt().plus(FORGET_AFTER).isBefore(now));
        }
        return next.equals(windows) ? this : new Budgets(next);
    }

    /** Until when a spent window keeps the key out (the latest reset of the spent ones), or null when none is spent. */
    public Instant spentUntil(Instant now) {
        Instant until = null;
        for (Budget b : windows.values()) {
            if (b.spent(now) && (until == null || b.resetAt().isAfter(until))) {
                until = b.resetAt();
            }
        }
        return until;
    }

    /** The first spent window (by name), or null: what a reason names. */
    public Budget firstSpent(Instant now) {
        return new TreeMap<>(windows).values().stream().filter(b -> b.spent(now)).findFirst().orElse(null);
    }

    /** The share left of the tightest window, in whole percent (100 when nothing is known). */
    public int headroom(Instant now) {
        double least = 1;
        for (Budget b : windows.values()) {
            least = Math.min(least, b.headroom(now));
        }
        return (int) Math.floor(least * 100);
    }

    public boolean isEmpty() {
        return windows.isEmpty();
    }

    /** The windows in name order. */
    public Collection<Budget> inOrder() {
        return new TreeMap<>(windows).values();
    }
}
