package org.keyrelay.pool;

import java.time.Duration;
import java.util.Arrays;

/**
 * The last {@link #SIZE} durations of one kind (latency, time to first byte) of one key, in a ring: average,
 * median and 95th percentile (nearest rank). Memory only: it is not saved, and starts empty after a restart.
 */
final class LatencyWindow {

    static final int SIZE = 100;

    private final long[] micros = new long[SIZE];
    private int count;
    private int next;

    void add(Duration d) {
        micros[next] = Math.max(0, d.toNanos() / 1000);
        next = (next + 1) % SIZE;
        count = Math.min(SIZE, count + 1);
    }

    void copyFrom(LatencyWindow other) {
        System.arraycopy(other.micros, 0, micros, 0, SIZE);
        count = other.count;
        next = other.next;
    }

    LatencySummary summary() {
        if (count == 0) {
            return LatencySummary.EMPTY;
        }
        long[] sorted = Arrays.copyOf(micros, count);
        Arrays.sort(sorted);
        long sum = 0;
        for (long m : sorted) {
            sum += m;
        }
        return new LatencySummary(count, millis(sum / count), millis(rank(sorted, 50)), millis(rank(sorted, 95)));
    }

    /** Nearest-rank percentile: the smallest value with at least {@code p} % of the values at or below it. */
    private static long rank(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)];
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }
}
