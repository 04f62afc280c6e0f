package org.keyrelay.pool;

import java.time.Duration;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.failure.Verdict;

/**
 * Everything that can happen to a key: the closed vocabulary {@link KeyRules#apply} understands. The pool, the state
 * file's restore and the shared store all speak it. Key ids only, never a secret.
 */
public sealed interface KeyOp {

    /** The key was chosen for a request on {@code model} (null: any). For an invalid key this is its probe. */
    record Served(String model) implements KeyOp {}

    /** A request on the key answered successfully. */
    record Succeeded() implements KeyOp {}

    /**
     * A request on the key failed.
     *
     * @param cooldown false: count it against the key's health but leave the key in rotation (a retry on it)
     */
    record Failed(Verdict verdict, String model, boolean cooldown) implements KeyOp {}

    /** A completed answer's latency and tokens (counted, no state rule). */
    record Measured(Duration firstByte, Duration complete, TokenUsage usage) implements KeyOp {}

    /** An operator brought the key back: active, full health, no cooldowns. */
    record Enabled() implements KeyOp {}

    /** An operator switched the key off until enabled again. */
    record Disabled() implements KeyOp {}

    /** An operator cleared what is known of the key's failures; a disabled key stays disabled. */
    record Reset() implements KeyOp {}

    /** What was saved of the key (the state file, an import, a store that knew it): taken as it is. */
    record Restored(KeyMemory memory) implements KeyOp {}

    /** Another instance's record of the key, read from the shared store at {@link KeyRecord#revision()}. */
    record Shared(KeyRecord theirs, String origin) implements KeyOp {}

    /** An operator's: shared even when it changes nothing here (the shared record may differ). */
    default boolean isOperators() {
        return this instanceof Enabled || this instanceof Disabled || this instanceof Reset;
    }

    /** The counts this operation adds to the key's statistics. */
    default Tally tally() {
        if (this instanceof Served) {
            return new Tally(1, 0, null, 0, 0);
        }
        if (this instanceof Succeeded) {
            return new Tally(0, 1, null, 0, 0);
        }
        if (this instanceof Failed f && f.verdict().failureClass() != FailureClass.CALLER_FAULT) {
            return new Tally(0, 0, f.verdict().failureClass(), 0, 0);
        }
        if (this instanceof Measured m) {
            return new Tally(0, 0, null, m.usage().in(), m.usage().out());
        }
        return Tally.NONE;
    }

    /** Counts to add to a key's statistics; {@code failure} is null when no failure is counted. */
    record Tally(long requests, long successes, FailureClass failure, long tokensIn, long tokensOut) {

        public static final Tally NONE = new Tally(0, 0, null, 0, 0);

        public boolean isEmpty() {
            return requests == 0 && successes == 0 && failure == null && tokensIn == 0 && tokensOut == 0;
        }
    }
}
