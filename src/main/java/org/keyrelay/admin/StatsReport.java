package org.keyrelay.admin;

import java.util.List;
import java.util.Map;
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
     */
    public record KeyStats(String id, String secret, String state, int health, long requests, long successes,
                           Map<String, Long> failures, Double successRate, LatencySummary latency,
                           LatencySummary timeToFirstByte, long requestsToday, long requestsLast7Days, long tokensIn,
                           long tokensOut, String cause, String reason, List<String> quotas) {}
}
