package org.keyrelay.admin;

import java.time.Instant;
import org.keyrelay.usage.Budget;

/**
 * One window of a key's budget as operators see it (the admin API, the CLI, JMX).
 *
 * @param remaining   what is left (the whole limit once the window reset)
 * @param limit       the window's size; null when the provider does not state it
 * @param resetAt     when the window starts over, ISO-8601
 * @param usedPercent the share used in whole percent; null without a limit
 * @param spent       whether this window keeps the key out now
 * @param text        in words: "weekly 73 % used (27 of 100 left), resets Mon 00:00 UTC"
 */
public record QuotaReport(double remaining, Double limit, String resetAt, Integer usedPercent, boolean spent,
                          String text) {

    static QuotaReport of(Budget b, Instant now) {
        return new QuotaReport(b.remainingAt(now), b.limit() > 0 ? b.limit() : null, b.resetAt().toString(),
                b.usedPercent(now), b.spent(now), b.describe(now));
    }
}
