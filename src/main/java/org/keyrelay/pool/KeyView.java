package org.keyrelay.pool;

/** A key as operators see it: its memory, masked secret, weight and current load. */
public record KeyView(KeyMemory memory, String maskedSecret, int weight, int inFlight) {

    public String id() {
        return memory.id();
    }
}
