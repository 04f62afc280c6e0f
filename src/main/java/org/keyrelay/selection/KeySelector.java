package org.keyrelay.selection;

import java.util.List;

/**
 * Picks one key among the keys usable now. Selectors may remember their position (round-robin's cursor,
 * sticky's current key); the pool calls them under its lock, one request at a time.
 */
public sealed interface KeySelector permits RoundRobin, HealthBased, HealthSticky, Sticky, LeastUsed, FillFirst,
        Weighted {

    /**
     * @param usable the usable keys, ordered by position, never empty
     * @return one of them
     */
    Candidate choose(List<Candidate> usable);

    /**
     * The candidate {@link #choose} would return now, without taking the turn: what {@code keys list} shows as the
     * key in use. The default suits selectors whose choice is the same when asked twice (sticky, fill-first,
     * least-used); a selector whose choice moves a turn (round-robin, weighted, health-based) answers without moving it.
     */
    default Candidate peek(List<Candidate> usable) {
        return choose(usable);
    }

    /**
     * Chooses with a turn taken from a counter several gateway instances share ({@code turn} &ge; 0); only round-robin
     * takes turns, the others choose as {@link #choose} does.
     */
    default Candidate choose(List<Candidate> usable, long turn, int poolSize) {
        return choose(usable);
    }

    /**
     * Whether this selector may go on choosing after the pool's list of keys changed (a reloaded keyring, a key added
     * or removed); otherwise the pool starts a fresh selector of its strategy, since positions may have moved.
     */
    default boolean keepsAcrossKeyChanges() {
        return false;
    }

    /** The first candidate whose position comes after {@code position}, wrapping around. */
    static Candidate nextAfter(List<Candidate> usable, int position) {
        for (Candidate c : usable) {
            if (c.position() > position) {
                return c;
            }
        }
        return usable.get(0);
    }
}
