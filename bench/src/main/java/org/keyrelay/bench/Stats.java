package org.keyrelay.bench;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles of a set of nanosecond samples, printed as {@code label.name=value} lines (microseconds). */
final class Stats {

    private final long[] sorted;

    Stats(long[] samples, int n) {
        sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
    }

    int count() {
        return sorted.length;
    }

    /** The q-quantile (0..1) in nanoseconds; -1 without samples. */
    long quantile(double q) {
        if (sorted.length == 0) {
            return -1;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    double mean() {
        if (sorted.length == 0) {
            return -1;
        }
        double sum = 0;
        for (long v : sorted) {
            sum += v;
        }
        return sum / sorted.length;
    }

    /** count, mean, min, p50, p90, p99, p99.9, max, in microseconds with one decimal. */
    void print(String prefix) {
        Out.kv(prefix + "count", count());
        if (count() == 0) {
            return;
        }
        Out.kv(prefix + "mean_us", us(mean()));
        Out.kv(prefix + "min_us", us(quantile(0.0)));
        Out.kv(prefix + "p50_us", us(quantile(0.50)));
        Out.kv(prefix + "p90_us", us(quantile(0.90)));
        Out.kv(prefix + "p99_us", us(quantile(0.99)));
        Out.kv(prefix + "p999_us", us(quantile(0.999)));
        Out.kv(prefix + "max_us", us(quantile(1.0)));
    }

    static String us(double nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1000.0);
    }
}
