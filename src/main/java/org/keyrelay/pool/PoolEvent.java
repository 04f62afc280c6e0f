package org.keyrelay.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.keyrelay.failure.FailureClass;

/**
 * What happened in a pool, published to its listeners (the state writer, metrics, the log, the shared store), each a
 * complete value: no listener needs to decode one. Key ids only, never a secret.
 */
public sealed interface PoolEvent {

    String provider();

    /** The key it is about ("*" for the whole pool). */
    String keyId();

    /**
     * A key's state, cooldown end or cause changed (published only when one did).
     *
     * @param until  end of the cooldown or the next probe; null when none
     * @param cause  the failure class that put the key out; null when it is in
     * @param reason why, in words (a shared change names the instance it came from)
     */
    record StateChanged(String provider, String keyId, KeyState from, KeyState to, FailureClass cause, Instant until,
                        String reason) implements PoolEvent {}

    /** One model was cooled on a key until {@code until}; the key still serves other models. */
    record ModelCooled(String provider, String keyId, String model, Instant until, String reason) implements PoolEvent {}

    /**
     * A key's provider said one of its windows is spent: the key stays out until {@code until} (its latest spent
     * window's reset), without a failed request.
     *
     * @param window the first spent window ("requests", "weekly"...)
     * @param reason what was read, in words ("requests 0 of 50 left, resets 10:00 UTC (headers)")
     */
    record BudgetSpent(String provider, String keyId, String window, Instant until, String reason)
            implements PoolEvent {}

    /** An operator's enable or reset forgot a key's penalties (health, streak, model cooldowns, probation). */
    record FailuresForgotten(String provider, String keyId, String reason) implements PoolEvent {}

    /** A key joined the pool. */
    record KeyAdded(String provider, String keyId) implements PoolEvent {}

    /** A key left the pool; requests in flight on it finish normally. */
    record KeyRemoved(String provider, String keyId) implements PoolEvent {}

    /** The pool now holds exactly {@code keyIds} (a reloaded keyring). */
    record KeysReplaced(String provider, List<String> keyIds) implements PoolEvent {
        public KeysReplaced {
            keyIds = List.copyOf(keyIds);
        }

        @Override
        public String keyId() {
            return "*";
        }
    }

    /** A request on a key ended; {@code failure} is null on success. */
    record Outcome(String provider, String keyId, FailureClass failure) implements PoolEvent {}

    /**
     * The key the next requests go to was chosen: by an operator ({@code use}, {@code rotate}) or by the keyring's
     * {@code startKey}.
     */
    record InUse(String provider, String keyId) implements PoolEvent {}

    /** A key was chosen for a request (published under the pool's lock, in the order the choices were made). */
    record Chosen(String provider, String keyId) implements PoolEvent {}

    /**
     * A completed answer's latency and tokens were added to the key's statistics (the metrics read them from here).
     *
     * @param firstByte request sent upstream to response head
     * @param complete  request sent upstream to the end of the response
     * @param usage     the tokens the answer reported
     */
    record Measured(String provider, String keyId, Duration firstByte, Duration complete, TokenUsage usage)
            implements PoolEvent {}
}
