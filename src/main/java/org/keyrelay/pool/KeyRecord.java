package org.keyrelay.pool;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.keyrelay.failure.FailureClass;

/**
 * Everything the key-state rules ({@link KeyRules}) know of one key, as one value: what every store keeps and every
 * instance shares. Counters, load and latencies are not here: they are tallies, not state ({@link KeyEntry}).
 * <p>
 * Room to grow without reshaping: a later rule adds a component (per-window budgets with their reset times, the
 * remembered active key) with a neutral default, and the ops that feed it.
 *
 * @param until          end of the cooldown (COOLING) or the next probe (INVALID); null otherwise
 * @param cause          the failure class that put the key out, or null
 * @param reason         a short human reason, never a secret
 * @param streak         rate limits in a row (the default cooldown doubles with each)
 * @param modelCooldowns models cooled on this key, to when
 * @param probation      this instance's probation of the key after a cooldown (not shared, not saved)
 * @param revision       the shared store's revision this record was read at (0 alone, or before the first)
 */
public record KeyRecord(String id, KeyState state, Instant until, FailureClass cause, String reason, Health health,
                        int streak, Map<String, Instant> modelCooldowns, Probation probation, long revision) {

    public KeyRecord {
        Objects.requireNonNull(id, "id");
        modelCooldowns = Map.copyOf(modelCooldowns);
        probation = probation == null ? Probation.NONE : probation;
        health = health == null ? Health.FULL_HEALTH : health;
    }

    /** A key never seen before: active, full health. */
    public static KeyRecord fresh(String id) {
        return new KeyRecord(id, KeyState.ACTIVE, null, null, null, Health.FULL_HEALTH, 0, Map.of(), Probation.NONE, 0);
    }

    KeyRecord withState(KeyState next, Instant nextUntil, FailureClass nextCause, String nextReason) {
        return new KeyRecord(id, next, nextUntil, nextCause, nextReason, health, streak, modelCooldowns, probation,
                revision);
    }

    KeyRecord withUntil(Instant nextUntil) {
        return new KeyRecord(id, state, nextUntil, cause, reason, health, streak, modelCooldowns, probation, revision);
    }

    KeyRecord withHealth(Health next, int nextStreak) {
        return new KeyRecord(id, state, until, cause, reason, next, nextStreak, modelCooldowns, probation, revision);
    }

    KeyRecord withModels(Map<String, Instant> next) {
        return new KeyRecord(id, state, until, cause, reason, health, streak, next, probation, revision);
    }

    KeyRecord withProbation(Probation next) {
        return new KeyRecord(id, state, until, cause, reason, health, streak, modelCooldowns, next, revision);
    }

    public KeyRecord withRevision(long next) {
        return new KeyRecord(id, state, until, cause, reason, health, streak, modelCooldowns, probation, next);
    }

    /** The part of this record the shared store keeps: everything but this instance's probation and revision. */
    public boolean sameShared(KeyRecord other) {
        return state == other.state && Objects.equals(until, other.until) && cause == other.cause
                && Objects.equals(reason, other.reason) && health.equals(other.health) && streak == other.streak
                && modelCooldowns.equals(other.modelCooldowns);
    }
}
