package org.keyrelay.pool;

/**
 * Durations of a key's last answers (at most 100), in milliseconds.
 *
 * @param samples how many answers the figures cover; 0 means none yet (then the figures are 0)
 */
public record LatencySummary(int samples, double averageMillis, double p50Millis, double p95Millis) {

    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0);
}
