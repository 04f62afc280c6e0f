package org.keyrelay.pool;

import java.time.LocalDate;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The part of a key's statistics that survives a restart, besides its request and outcome counters.
 *
 * @param requestsByDay requests per UTC day, the last seven days at most
 * @param tokensIn      input (prompt) tokens the provider reported, all time
 * @param tokensOut     output (completion) tokens the provider reported, all time
 */
public record KeyUsage(SortedMap<LocalDate, Long> requestsByDay, long tokensIn, long tokensOut) {

    public static final KeyUsage NONE = new KeyUsage(new TreeMap<>(), 0, 0);

    public KeyUsage {
        requestsByDay = Collections.unmodifiableSortedMap(new TreeMap<>(requestsByDay));
    }

    public static KeyUsage of(Map<LocalDate, Long> requestsByDay, long tokensIn, long tokensOut) {
        return new KeyUsage(new TreeMap<>(requestsByDay), tokensIn, tokensOut);
    }
}
