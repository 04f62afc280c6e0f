package org.keyrelay.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;

/**
 * What a provider said is left of one limit of one key (one window): from the rate-limit headers of an answer, or
 * from a usage poll. A value; key ids and numbers only.
 * <p>
 * The rule, stated once: a window is <em>spent</em> until its reset when nothing remains of it, or when the share used
 * reached {@code stopAt}; once its reset has passed it counts as refilled (its numbers are those of the last report
 * until the next one).
 *
 * @param window    the window's name: {@code requests}, {@code tokens}, {@code input-tokens}, {@code output-tokens}
 *                  (headers), {@code session}, {@code weekly}, {@code usage}, {@code credit} (polls)
 * @param limit     the window's size; 0 when the provider did not state it
 * @param remaining what is left of it
 * @param resetAt   when the window starts over (a report that states none is given a default by its reader)
 * @param seenAt    when the report was read (a later report of the same window wins)
 * @param stopAt    the share of the limit (0-1] from which the window counts as spent; 1: only when nothing remains
 */
public record Budget(String window, double limit, double remaining, Instant resetAt, Instant seenAt, double stopAt) {

    private static final DateTimeFormatter SAME_DAY = DateTimeFormatter.ofPattern("HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter OTHER_DAY = DateTimeFormatter.ofPattern("EEE HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FAR = DateTimeFormatter.ofPattern("d MMM HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    public Budget {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(resetAt, "resetAt");
        Objects.requireNonNull(seenAt, "seenAt");
        if (!(limit >= 0) || Double.isInfinite(limit) || Double.isNaN(remaining) || Double.isInfinite(remaining)) {
            throw new IllegalArgumentException("budget " + window + ": limit " + limit + ", remaining " + remaining);
        }
        if (!(stopAt > 0 && stopAt <= 1)) {
            throw new IllegalArgumentException("budget " + window + ": stopAt must be in (0, 1], was " + stopAt);
        }
    }

    /** Whether this window keeps the key out at {@code now} (see the class comment). */
    public boolean spent(Instant now) {
        return now.isBefore(resetAt) && (remaining <= 0 || limit > 0 && (limit - remaining) / limit >= stopAt);
    }

    /** The share left at {@code now}, 0-1: 1 once the window reset, or when only the remaining count is known. */
    public double headroom(Instant now) {
        if (!now.isBefore(resetAt)) {
            return 1;
        }
        if (limit > 0) {
            return Math.max(0, Math.min(1, remaining / limit));
        }
        return remaining > 0 ? 1 : 0;
    }

    /** What is left at {@code now}: the last report, or the whole limit once the window reset. */
    public double remainingAt(Instant now) {
        return !now.isBefore(resetAt) && limit > 0 ? limit : remaining;
    }

    /** The share used at {@code now} in whole percent, or null when the limit is unknown. */
    public Integer usedPercent(Instant now) {
        return limit > 0 ? (int) Math.round(100 * (1 - headroom(now))) : null;
    }

    /** For people: "weekly 73 % used (27 of 100 left), resets Mon 00:00 UTC"; "requests 3 left, resets 10:00 UTC". */
    public String describe(Instant now) {
        String resets = (now.isBefore(resetAt) ? "resets " : "reset ") + when(resetAt, now);
        if (limit > 0) {
            return window + " " + usedPercent(now) + " % used (" + number(remainingAt(now)) + " of " + number(limit)
                    + " left), " + resets;
        }
        return window + " " + number(remainingAt(now)) + " left, " + resets;
    }

    private static String when(Instant at, Instant now) {
        Duration ahead = Duration.between(now, at).abs();
        if (ahead.compareTo(Duration.ofHours(20)) < 0) {
            return SAME_DAY.format(at);
        }
        return ahead.compareTo(Duration.ofDays(7)) <= 0 ? OTHER_DAY.format(at) : FAR.format(at);
    }

    static String number(double n) {
        return n == Math.rint(n) && Math.abs(n) < 1e15 ? Long.toString((long) n) : String.format(Locale.ROOT, "%.2f", n);
    }
}
