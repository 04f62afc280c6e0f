package org.keyrelay.pool;

/**
 * A key as operators see it: its memory, masked secret, weight, current load and statistics, whether it can serve now
 * and whether it is the key in use. {@code memory().health()} is the score at the moment of the view, recovery
 * included.
 *
 * @param readiness whether it can serve now, by the pool's one rule ({@link Readiness})
 * @param inUse     whether the next request (for no model in particular) goes to it, under the pool's strategy
 * @param label     the keyring's free text for it, or null
 */
public record KeyView(KeyMemory memory, String maskedSecret, int weight, int inFlight, KeyStats stats,
                      Readiness readiness, boolean inUse, String label) {

    public String id() {
        return memory.id();
    }

    /**
     * Its state as of the view: a cooldown that has ended shows as active (the record keeps saying cooling until the
     * key is next served; {@link Readiness} already counts it as over).
     */
    public KeyState state() {
        return readiness.state(memory.state());
    }
}
