package org.keyrelay.pool;

/**
 * The seam through which pools of several gateway instances share what they learn of their keys (each key's
 * {@link KeyRecord}: cooldowns, invalid and disabled keys, health; and counters) and take turns fairly. Alone, a
 * gateway uses {@link #LOCAL}, which shares nothing and costs nothing; the shared store (Redis) implements it in
 * {@code store/redis}.
 * <p>
 * Outgoing: the pool calls {@link #recorded} under its lock after it changed a key, so an implementation must not
 * block there (queue and send elsewhere). Incoming: the implementation hands changes other instances made to
 * {@link KeyPool#applyShared}, which applies them (by {@link KeyRules}, as {@link KeyOp.Shared}) without passing them
 * back here.
 */
public interface SharedKeyState {

    /** No turn from the shared counter: the pool uses its own round-robin cursor. */
    long NO_TURN = -1;

    /** A gateway on its own: nothing is shared. */
    SharedKeyState LOCAL = new SharedKeyState() {
        @Override
        public void recorded(KeyChange change) {
        }

        @Override
        public long nextTurn(String provider) {
            return NO_TURN;
        }

        @Override
        public String toString() {
            return "SharedKeyState.LOCAL";
        }
    };

    /** What one pool operation did to one key. Called under the pool's lock: must not block. */
    void recorded(KeyChange change);

    /**
     * The next round-robin turn for a provider, counted across all instances (0, 1, 2...), or {@link #NO_TURN} when
     * none can be had now (the shared store is unreachable). Called outside the pool's lock; may take a round trip.
     */
    long nextTurn(String provider);

    /** Brings a pool up to date with what is shared for its keys (a pool that appeared, keys that were added). */
    default void pull(KeyPool pool) {
    }
}
