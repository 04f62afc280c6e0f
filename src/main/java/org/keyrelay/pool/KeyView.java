package org.keyrelay.pool;

/**
 * A key as operators see it: its memory, masked secret, weight, current load and statistics.
 * {@code memory().health()} is the score at the moment of the view, recovery included.
 */
public record KeyView(KeyMemory memory, String maskedSecret, int weight, int inFlight, KeyStats stats) {

    public String id() {
        return memory.id();
    }
}
