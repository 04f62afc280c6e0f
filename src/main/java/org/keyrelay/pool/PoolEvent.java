package org.keyrelay.pool;

import org.keyrelay.failure.FailureClass;

/** What happens in a pool, published to its listeners (the state store, metrics). */
public sealed interface PoolEvent {

    String provider();

    String keyId();

    /** A key moved from one state to another (or its cooldown was extended). */
    record Transition(String provider, String keyId, KeyState from, KeyState to, String reason) implements PoolEvent {}

    /** A request on a key ended; {@code failure} is null on success. */
    record Outcome(String provider, String keyId, FailureClass failure) implements PoolEvent {}

    /** A key was chosen for a request (published under the pool's lock, in the order the choices were made). */
    record Chosen(String provider, String keyId) implements PoolEvent {}

    /** A completed answer's latency and tokens were added to the key's statistics. */
    record Measured(String provider, String keyId) implements PoolEvent {}
}
