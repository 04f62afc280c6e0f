package org.keyrelay.pool;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.keyrelay.failure.FailureClass;

/**
 * What one pool operation did to one key, as other gateway instances need to hear it ({@link SharedKeyState}): counts
 * to add, and the key-state operations the shared store merges by the same rules the pool applies (a cooldown never
 * shortens one in force, nothing but an operator touches a disabled key...). Key ids only, never a secret.
 *
 * @param at    when it happened, by the pool's clock
 * @param tally counts to add
 * @param ops   state operations, in the order the pool applied them
 */
public record KeyChange(String provider, String keyId, Instant at, Tally tally, List<Op> ops) {

    public KeyChange {
        ops = List.copyOf(ops);
    }

    /** Counts to add to the key's statistics; {@code failure} is null when no failure is counted. */
    public record Tally(long requests, long successes, FailureClass failure, long tokensIn, long tokensOut) {

        public static final Tally NONE = new Tally(0, 0, null, 0, 0);

        public boolean isEmpty() {
            return requests == 0 && successes == 0 && failure == null && tokensIn == 0 && tokensOut == 0;
        }
    }

    /** A key-state operation; the shared store applies it by the rule each record states. */
    public sealed interface Op {
    }

    /** Cool the key until {@code until}, unless it is disabled or invalid, or cooling at least that long already. */
    public record Cool(Instant until, FailureClass cause, String reason) implements Op {
    }

    /** Take the key out as invalid, next probe at {@code probeAt}, unless an operator disabled it. */
    public record Invalidate(Instant probeAt, String reason) implements Op {
    }

    /** An invalid key's probe went out: the next one waits until {@code next}. */
    public record NextProbe(Instant next) implements Op {
    }

    /** A success brings back a key cooling for a rate limit, or an invalid key. */
    public record Clear(String reason) implements Op {
    }

    /** An operator switched the key off. */
    public record Disable(String reason) implements Op {
    }

    /** An operator brought the key back: active, full health, no cooldowns. */
    public record Enable(String reason) implements Op {
    }

    /** An operator cleared the key's failures (a disabled key stays disabled). */
    public record Reset(String reason) implements Op {
    }

    /** {@code model} is cooled on this key until {@code until} (the later end wins). */
    public record CoolModel(String model, Instant until) implements Op {
    }

    /** Health moves by {@code delta}, recovering {@code points} per {@code every} since the last penalty. */
    public record HealthDelta(int delta, int points, Duration every) implements Op {
    }

    /** One more rate limit in a row ({@code up}), or the streak ends. */
    public record Streak(boolean up) implements Op {
    }
}
