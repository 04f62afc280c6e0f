package org.keyrelay.pool;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.keyrelay.failure.FailureClass;

/**
 * The key-state rules, written once: {@link #apply} takes a key's record, an operation and the time, and returns the
 * next record and the events it caused. Pure: no clock, no lock, no I/O. The pool applies it under its lock, the state
 * file's restore through it, and the shared store computes the next record it writes with it.
 * <p>
 * What a failure deserves is decided by {@link CooldownPolicy}; how it is applied, here:
 * <ul>
 *   <li>a new cooldown never shortens an existing one: the later end wins, with its cause and reason;</li>
 *   <li>a success on a key cooling for a rate limit clears the cooldown and the rate-limit streak; other causes
 *       (quota, transient, invalid) are not cleared by a success of a request sent before them;</li>
 *   <li>a key rejected as invalid stays out until an operator enables it, or until its fail window lets exactly one
 *       probe request through (serving it moves the next probe a window on); a success of the probe brings it back;</li>
 *   <li>a cooldown or invalidation never touches a key an operator disabled;</li>
 *   <li>a key served once its cooldown ended is on {@link Probation}; a new cooldown, a success that clears a rate
 *       limit, an operator's enable or reset end it;</li>
 *   <li>health moves with outcomes ({@link HealthScore}) and recovers by itself ({@link Health});</li>
 *   <li>a shared record older than the one applied is ignored; one this key may not move to (a cooldown on a key
 *       just disabled here) waits for the next; an ended cooldown does not undo "cooldown over" here.</li>
 * </ul>
 *
 * @param provider whose keys these rules judge (named in the events)
 */
public record KeyRules(String provider, CooldownPolicy policy, RecoverySettings recovery) {

    /** The next record and what happened, in order. */
    public record Applied(KeyRecord record, List<PoolEvent> events) {
        public boolean changed(KeyRecord before) {
            return !record.equals(before);
        }
    }

    public Applied apply(KeyRecord r, KeyOp op, Instant now) {
        Step s = new Step(r);
        if (op instanceof KeyOp.Served served) {
            served(s, now);
        } else if (op instanceof KeyOp.Succeeded) {
            succeeded(s, now);
        } else if (op instanceof KeyOp.Failed failed) {
            failed(s, failed, now);
        } else if (op instanceof KeyOp.Enabled) {
            s.move(KeyState.ACTIVE, null, null, "enabled by operator");
            forget(s, "enabled by operator");
        } else if (op instanceof KeyOp.Disabled) {
            s.move(KeyState.DISABLED, null, null, "disabled by operator");
        } else if (op instanceof KeyOp.Reset) {
            if (s.r.state() == KeyState.COOLING || s.r.state() == KeyState.INVALID) {
                s.move(KeyState.ACTIVE, null, null, "reset by operator");
            }
            forget(s, "reset by operator");
        } else if (op instanceof KeyOp.Restored restored) {
            s.r = restored(r, restored.memory(), now);
        } else if (op instanceof KeyOp.Shared shared) {
            shared(s, shared, now);
        } else if (op instanceof KeyOp.Measured m) {
            s.events.add(new PoolEvent.Measured(provider, r.id(), m.firstByte(), m.complete(), m.usage()));
        }
        return new Applied(s.r, List.copyOf(s.events));
    }

    private void served(Step s, Instant now) {
        boolean over = s.r.until() != null && !now.isBefore(s.r.until()); // (a shared record may be newer than ours)
        if (s.r.state() == KeyState.COOLING && over) {
            s.move(KeyState.ACTIVE, null, null, "cooldown over");
            s.r = s.r.withProbation(Probation.start(recovery.rampRequests()));
        } else if (s.r.state() == KeyState.INVALID && over) {
            s.r = s.r.withUntil(now.plus(policy.settings().invalidFailWindow())); // one probe per fail window
        }
        s.r = s.r.withProbation(s.r.probation().sent(now, recovery.rampSpacing()));
    }

    private void succeeded(Step s, Instant now) {
        s.r = s.r.withHealth(s.r.health().plus(HealthScore.SUCCESS, now, recovery), 0)
                .withProbation(s.r.probation().answered());
        if (s.r.state() == KeyState.INVALID
                || s.r.state() == KeyState.COOLING && s.r.cause() == FailureClass.RATE_LIMITED) {
            s.move(KeyState.ACTIVE, null, null, "answered successfully");
            s.r = s.r.withProbation(Probation.NONE);
        }
    }

    private void failed(Step s, KeyOp.Failed op, Instant now) {
        FailureClass failure = op.verdict().failureClass();
        if (failure != FailureClass.CALLER_FAULT) {
            s.r = s.r.withHealth(s.r.health().plus(HealthScore.penalty(failure), now, recovery), s.r.streak());
        }
        if (!op.cooldown()) {
            return;
        }
        KeyDecision decision = policy.decide(op.verdict(), now, s.r.streak(), op.model());
        s.r = s.r.withHealth(s.r.health(), failure == FailureClass.RATE_LIMITED ? s.r.streak() + 1 : 0);
        KeyState state = s.r.state();
        if (decision instanceof KeyDecision.CoolDown cool && state != KeyState.DISABLED && state != KeyState.INVALID) {
            s.r = s.r.withProbation(Probation.NONE);
            if (state != KeyState.COOLING || s.r.until() == null || cool.until().isAfter(s.r.until())) {
                s.move(KeyState.COOLING, cool.until(), cool.cause(), cool.reason());
            }
        } else if (decision instanceof KeyDecision.Invalidate invalid && state != KeyState.DISABLED) {
            s.r = s.r.withProbation(Probation.NONE);
            s.move(KeyState.INVALID, invalid.probeAt(), FailureClass.KEY_INVALID, invalid.reason());
        } else if (decision instanceof KeyDecision.CoolModel cool) {
            Map<String, Instant> models = new HashMap<>(s.r.modelCooldowns());
            models.merge(cool.model(), cool.until(), (a, b) -> a.isAfter(b) ? a : b);
            models.values().removeIf(now::isAfter);
            s.r = s.r.withModels(models);
            s.events.add(new PoolEvent.ModelCooled(provider, s.r.id(), cool.model(), cool.until(), cool.reason()));
        }
    }

    private void forget(Step s, String reason) {
        KeyRecord before = s.r;
        s.r = s.r.withHealth(Health.FULL_HEALTH, 0).withModels(Map.of()).withProbation(Probation.NONE);
        if (!s.r.equals(before)) {
            s.events.add(new PoolEvent.FailuresForgotten(provider, s.r.id(), reason));
        }
    }

    /** The saved memory as a record; a cooldown or probe without an end (a damaged file) counts as over. */
    public static KeyRecord restored(KeyRecord r, KeyMemory m, Instant now) {
        KeyState state = m.state();
        if ((state == KeyState.COOLING || state == KeyState.INVALID) && m.until() == null) {
            state = KeyState.ACTIVE;
        }
        return new KeyRecord(r.id(), state, m.until(), m.cause(), m.reason(),
                Health.restored(m.health(), m.healthSince(), now), m.consecutiveRateLimits(), m.modelCooldowns(),
                r.probation(), r.revision());
    }

    private void shared(Step s, KeyOp.Shared op, Instant now) {
        KeyRecord theirs = op.theirs();
        KeyRecord mine = s.r;
        if (theirs.revision() <= mine.revision()) {
            return;
        }
        boolean same = mine.state() == theirs.state() && Objects.equals(mine.until(), theirs.until())
                && mine.cause() == theirs.cause();
        boolean ended = mine.state() == KeyState.ACTIVE && theirs.state() == KeyState.COOLING
                && theirs.until() != null && !now.isBefore(theirs.until());
        if (!same && !ended && mine.state().canMoveTo(theirs.state())) {
            if (theirs.state() != KeyState.ACTIVE || mine.state() != KeyState.ACTIVE) {
                s.r = s.r.withProbation(Probation.NONE);
            }
            s.move(theirs.state(), theirs.until(), theirs.cause(), theirs.reason(),
                    theirs.reason() + " (shared by " + op.origin() + ")");
        }
        s.r = s.r.withHealth(theirs.health(), theirs.streak()).withModels(theirs.modelCooldowns())
                .withRevision(theirs.revision());
    }

    /** A record on its way through one operation, with the events so far. */
    private final class Step {
        KeyRecord r;
        final List<PoolEvent> events = new ArrayList<>(2);

        Step(KeyRecord r) {
            this.r = r;
        }

        void move(KeyState next, Instant until, FailureClass cause, String reason) {
            move(next, until, cause, reason, reason);
        }

        /** @param told what the event says */
        void move(KeyState next, Instant until, FailureClass cause, String reason, String told) {
            KeyState from = r.state();
            if (!from.canMoveTo(next)) {
                throw new IllegalStateException("key " + r.id() + " cannot move from " + from + " to " + next);
            }
            boolean changed = from != next || !Objects.equals(r.until(), until) || r.cause() != cause;
            r = r.withState(next, until, cause, reason);
            if (changed) {
                events.add(new PoolEvent.StateChanged(provider, r.id(), from, next, cause, until, told));
            }
        }
    }
}
