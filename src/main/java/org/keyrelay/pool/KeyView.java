package org.keyrelay.pool;

/**
 * A key as operators see it: its memory, masked secret, weight, current load and statistics.
 * {@code memory().health()} is the score at the moment of the view, recovery included.
 */
public record KeyView(KeyMemory memory, String maskedSecret, int weight, int inFlight, KeyStats stats) {

    /** A view without live figures: the saved counters only (no latency, no per-day counts). */
    public KeyView(KeyMemory memory, String maskedSecret, int weight, int inFlight) {
        this(memory, maskedSecret, weight, inFlight, new KeyStats(memory.requests(), memory.successes(),
                memory.failures(), null, LatencySummary.EMPTY, LatencySummary.EMPTY, 0, 0, memory.usage().tokensIn(),
                memory.usage().tokensOut()));
    }

    public String id() {
        return memory.id();
    }
}
