package org.keyrelay.admin;

import java.util.List;
import java.util.Map;

/** Request counters since the state file began, per provider and key, with totals. */
public record StatsReport(Totals totals, List<ProviderStats> providers) {

    /** Counts over everything below. */
    public record Totals(long requests, long successes, Map<String, Long> failures) {}

    /** One provider's counters. */
    public record ProviderStats(String id, String strategy, int usableNow, Totals totals, List<KeyStats> keys) {}

    /** One key's counters, and what its provider last said is left of each of its windows (in words). */
    public record KeyStats(String id, String secret, String state, int health, long requests, long successes,
                           Map<String, Long> failures, List<String> quotas) {}
}
