package org.keyrelay.pool;

import java.time.LocalDate;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Requests per UTC day, for the last {@link #DAYS} days (today included); older days are dropped as days pass. */
final class DailyCounts {

    static final int DAYS = 7;

    private final TreeMap<LocalDate, Long> byDay = new TreeMap<>();

    void add(LocalDate today) {
        byDay.merge(today, 1L, Long::sum);
        byDay.headMap(firstKept(today)).clear();
    }

    long on(LocalDate day) {
        return byDay.getOrDefault(day, 0L);
    }

    /** Requests over the last seven days, today included. */
    long lastWeek(LocalDate today) {
        long sum = 0;
        for (long n : byDay.subMap(firstKept(today), true, today, true).values()) {
            sum += n;
        }
        return sum;
    }

    /** The days still kept at {@code today}, oldest first. */
    SortedMap<LocalDate, Long> snapshot(LocalDate today) {
        return new TreeMap<>(byDay.subMap(firstKept(today), true, today, true));
    }

    void restore(Map<LocalDate, Long> saved) {
        byDay.clear();
        saved.forEach((day, n) -> {
            if (n != null && n > 0) {
                byDay.put(day, n);
            }
        });
    }

    private static LocalDate firstKept(LocalDate today) {
        return today.minusDays(DAYS - 1);
    }
}
