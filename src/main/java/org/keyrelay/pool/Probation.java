package org.keyrelay.pool;

import java.time.Duration;
import java.time.Instant;

/**
 * A key's probation after a cooldown (no thundering herd): until {@code left} of its requests have answered
 * successfully it serves one request at a time; while one is in flight it takes no other until that one has answered
 * or {@code nextAt} (sent plus {@link RecoverySettings#rampSpacing()}) has passed. Kept by this instance only.
 *
 * @param left   successful answers still needed; 0: not on probation
 * @param nextAt when the request in flight stops holding the key back; null before the first
 */
public record Probation(int left, Instant nextAt) {

    public static final Probation NONE = new Probation(0, null);

    static Probation start(int requests) {
        return requests <= 0 ? NONE : new Probation(requests, null);
    }

    boolean isOn() {
        return left > 0;
    }

    /** Holds the key back at {@code now} with {@code inFlight} requests on it. */
    boolean holds(int inFlight, Instant now) {
        return left > 0 && inFlight > 0 && nextAt != null && now.isBefore(nextAt);
    }

    Probation sent(Instant now, Duration spacing) {
        return left > 0 ? new Probation(left, now.plus(spacing)) : this;
    }

    Probation answered() {
        return left > 1 ? new Probation(left - 1, nextAt) : NONE;
    }
}
