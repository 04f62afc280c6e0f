package org.keyrelay.pool;

import java.time.Instant;
import org.keyrelay.failure.FailureClass;

/** What a failure does to a key: a value decided by {@link CooldownPolicy}, applied by {@link KeyRules}. */
public sealed interface KeyDecision {

    /** Keep the key out of rotation until {@code until}. */
    record CoolDown(Instant until, FailureClass cause, String reason) implements KeyDecision {}

    /** The key was rejected as invalid: out until an operator enables it, or one probe at {@code probeAt}. */
    record Invalidate(Instant probeAt, String reason) implements KeyDecision {}

    /** Only this model is out on this key until {@code until}; the key still serves other models. */
    record CoolModel(String model, Instant until, String reason) implements KeyDecision {}

    /** Nothing changes for the key (a caller fault). */
    record Keep() implements KeyDecision {}
}
