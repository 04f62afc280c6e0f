package org.keyrelay.admin;

import java.util.List;
import java.util.Map;
import org.keyrelay.pool.LastFailure;
import org.keyrelay.pool.LatencySummary;

/** Request counters since the state file began, per provider and key, with totals. */
public record StatsReport(Totals totals, List<ProviderStats> providers) {

    /** Counts over everything below. */
    public record Totals(long requests, long successes, Map<String, Long> failures) {}

    /** One provider's counters. */
    public record ProviderStats(String id, String strategy, int usableNow, Totals totals, List<KeyStats> keys) {}

    /**
     * One key's counters: all time (requests, successes, failures by class, tokens), per UTC day (today, the last 7
     * days), the latency and time to first byte of the last 100 answers, and what put the key out, if anything.
     *
     * @param successRate percent of judged outcomes that succeeded (one decimal), null before the first outcome
     * @param cause       the failure class that put the key out (cooling, invalid), or null
     * @param reason      its short reason (never a secret), or null
     * @param quotas      what its provider last said is left of each of its windows, in words
     * @param label       the keyring's free text for the key, or null
     * @param lastUsed    when a request was last sent with it (ISO-8601), or null
     * @param lastFailure its most recent failure (also once the key is back), or null
     */
    public record KeyStats(String id, String label, String secret, String state, int health, long requests,
                           long successes, Map<String, Long> failures, Double successRate, LatencySummary latency,
                           LatencySummary timeToFirstByte, long requestsToday, long requestsLast7Days, long tokensIn,
                           long tokensOut, String cause, String reason, List<String> quotas, String lastUsed,
                           Failure lastFailure) {}

    /**
     * A key's most recent failure.
     *
     * @param at     when (ISO-8601)
     * @param cause  its failure class, as the admin API writes it ("rate_limited")
     * @param reason the classifier's reason (never a secret, at most one short line)
     */
    public record Failure(String at, String cause, String reason) {

        /** The failure as reported, or null for none. */
        public static Failure of(LastFailure f) {
            return f == null ? null : new Failure(f.at().toString(),
                    f.failureClass().name().toLowerCase(java.util.Locale.ROOT), f.reason());
        }
    }
}
