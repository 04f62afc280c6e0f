package org.keyrelay.pool;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.failure.Verdict;
import org.keyrelay.selection.Candidate;
import org.keyrelay.selection.KeySelector;
import org.keyrelay.selection.RoundRobin;
import org.keyrelay.selection.Strategy;

/**
 * One provider's keys and what is known of each. Every read and change happens under the pool's lock, so a
 * key whose cooldown was recorded is never chosen afterwards, and counters add up exactly.
 * State changes go through {@link #moveTo}, which checks the transition and publishes it.
 * <p>
 * How a key is chosen ({@link #acquire(SelectionRequest)}), first rule that applies:
 * <ol>
 *   <li>a retry on the same key ({@code preferred}) keeps it while it is usable;</li>
 *   <li>a key an operator chose ({@link #use}) while it is usable;</li>
 *   <li>the key the request's conversation is on ({@link Affinities}) while it is selectable;</li>
 *   <li>otherwise the provider's strategy picks among the selectable keys.</li>
 * </ol>
 * A key is <em>usable</em> when it is neither disabled, nor cooling, nor invalid, nor cooled for the request's model
 * (a cooldown or fail window that has ended counts as over). It is <em>selectable</em> when it is usable and not held
 * back by its probation:
 * <p>
 * <b>Probation after a cooldown</b> (no thundering herd): a key chosen again once its cooldown has ended is on
 * probation until {@link RecoverySettings#rampRequests()} of its requests (3 by default) have answered successfully.
 * On probation it serves one request at a time: while one is in flight it takes no other, until that one has answered
 * or {@link RecoverySettings#rampSpacing()} (1 s by default) has passed since it was sent. Meanwhile requests go to the
 * other keys, or wait for it as for a cooling key. If the first request is rate-limited again, one request was spent,
 * not a burst. A new cooldown ends the probation (the next one starts when that cooldown ends); so do a success that
 * clears a rate limit and an operator's enable or reset.
 * <p>
 * <b>Health</b> moves with outcomes ({@link HealthScore}: success +2, rate limit -15, quota -30, other failures -20) and
 * recovers by itself: +{@link RecoverySettings#points()} per {@link RecoverySettings#every()} since the last penalty
 * (+10 every 10 minutes by default; see {@link Health}).
 * <p>
 * <b>Cooldowns</b> (what a failure does is decided by {@link CooldownPolicy}; how it is applied, here):
 * <ul>
 *   <li>a new cooldown never shortens an existing one: the later end wins, with its cause and reason;</li>
 *   <li>a success on a key cooling for a rate limit clears the cooldown and the rate-limit streak; other causes
 *       (quota, transient, invalid) are not cleared by a success of a request sent before them;</li>
 *   <li>a key rejected as invalid stays out until an operator enables it, or until its fail window lets exactly one
 *       probe request through (the next probe waits another window); a success of the probe brings it back;</li>
 *   <li>a cooldown or invalidation never touches a key an operator disabled.</li>
 * </ul>
 * <b>Several instances</b> ({@link SharedKeyState}): each change of a key is also handed to the shared state, which
 * merges it by the rules above and tells the other instances, whose pools take it in with {@link #applyShared}.
 * Round-robin then takes its turn from a counter all instances share. Alone ({@link SharedKeyState#LOCAL}) nothing of
 * this runs.
 */
public final class KeyPool {

    private final String provider;
    private final Clock clock;
    private CooldownPolicy policy;
    private RecoverySettings recovery;
    private final Affinities affinities;
    private final List<KeyEntry> entries = new ArrayList<>();
    private final List<Consumer<PoolEvent>> listeners = new CopyOnWriteArrayList<>();
    private final SharedKeyState shared;
    private final boolean sharing;
    private volatile Strategy strategy;
    private KeySelector selector;
    private volatile String pinned;
    private int lastChosen = -1;

    public KeyPool(String provider, List<ApiKey> keys, Strategy strategy, CooldownPolicy policy, Clock clock) {
        this(provider, keys, strategy, policy, RecoverySettings.defaults(), clock);
    }

    public KeyPool(String provider, List<ApiKey> keys, Strategy strategy, CooldownPolicy policy,
                   RecoverySettings recovery, Clock clock) {
        this(provider, keys, strategy, policy, recovery, clock, SharedKeyState.LOCAL);
    }

    /** @param shared what this pool shares with other gateway instances; {@link SharedKeyState#LOCAL} when alone */
    public KeyPool(String provider, List<ApiKey> keys, Strategy strategy, CooldownPolicy policy,
                   RecoverySettings recovery, Clock clock, SharedKeyState shared) {
        this.provider = provider;
        this.shared = Objects.requireNonNull(shared, "shared");
        this.sharing = shared != SharedKeyState.LOCAL;
        this.clock = clock;
        this.policy = policy;
        this.recovery = recovery;
        this.affinities = new Affinities(Affinities.DEFAULT_CAPACITY, Affinities.DEFAULT_IDLE);
        this.strategy = strategy;
        this.selector = strategy.newSelector();
        for (ApiKey key : keys) {
            entries.add(newEntry(key, entries.size()));
        }
    }

    private KeyEntry newEntry(ApiKey key, int position) {
        return new KeyEntry(key, position, recovery);
    }

    public String provider() {
        return provider;
    }

    public void subscribe(Consumer<PoolEvent> listener) {
        listeners.add(listener);
    }

    public synchronized Strategy strategy() {
        return strategy;
    }

    public synchronized void setStrategy(Strategy next) {
        strategy = next;
        selector = next.newSelector();
    }

    public synchronized int size() {
        return entries.size();
    }

    /**
     * Picks a key for a request and counts it in flight.
     *
     * @param model     the model the request asks for, or null
     * @param preferred a key id to keep if it is still usable (a retry on the same key), or null
     * @return empty when no key is selectable now
     */
    public Optional<Lease> acquire(String model, String preferred) {
        return acquire(new SelectionRequest(model, preferred, null));
    }

    /** Picks a key for a request by the rules of this class, and counts it in flight; empty when none is selectable. */
    public Optional<Lease> acquire(SelectionRequest request) {
        return select(request).chosen();
    }

    /**
     * Picks a key for a request and counts it in flight, or says why none can serve it, both as of one instant: a
     * pool with an enabled key never answers "none and never".
     */
    public Selection select(SelectionRequest request) {
        // shared round-robin: the turn comes from the counter all instances share, fetched before taking the lock,
        // and only when the strategy will most likely choose (no retry on a key, no conversation, no operator's pin)
        long turn = sharing && strategy == Strategy.ROUND_ROBIN && request.preferred() == null
                && request.conversation() == null && pinned == null
                ? shared.nextTurn(provider) : SharedKeyState.NO_TURN;
        return acquire(request, turn);
    }

    private synchronized Selection acquire(SelectionRequest request, long turn) {
        Instant now = clock.instant();
        String model = request.model();
        List<Candidate> selectable = new ArrayList<>();
        KeyEntry chosen = null;
        for (KeyEntry e : entries) {
            if (e.key.id().equals(request.preferred()) && e.usableAt(now, model)) {
                chosen = e;
            }
            if (e.selectableAt(now, model)) {
                selectable.add(new Candidate(e.key.id(), e.position, e.key.weight(), e.health.at(now), e.inFlight,
                        e.requests));
            }
        }
        if (chosen == null && pinned != null) {
            KeyEntry pin = entry(pinned);
            if (pin == null || !pin.usableAt(now, model)) {
                pinned = null;
            } else if (pin.selectableAt(now, model)) {
                chosen = pin;
            }
        }
        if (chosen == null && request.conversation() != null) {
            KeyEntry seated = entry(affinities.keyOf(request.conversation(), now));
            if (seated != null && seated.selectableAt(now, model)) {
                chosen = seated;
            }
        }
        if (chosen == null) {
            if (selectable.isEmpty()) {
                return new Selection.NoneNow(availabilityAt(now, model));
            }
            chosen = entries.get((turn != SharedKeyState.NO_TURN && selector instanceof RoundRobin rr
                    ? rr.chooseTurn(selectable, turn, entries.size()) : selector.choose(selectable)).position());
        }
        if (request.conversation() != null) {
            affinities.seat(request.conversation(), chosen.key.id(), now);
        }
        lastChosen = chosen.position;
        if (chosen.state == KeyState.COOLING) {
            moveTo(chosen, KeyState.ACTIVE, null, null, "cooldown over");
            chosen.rampLeft = recovery.rampRequests();
        } else if (chosen.state == KeyState.INVALID) {
            // one probe per fail window: the next probe waits for another window
            chosen.until = now.plus(policy.settings().invalidFailWindow());
            if (sharing) {
                share(chosen, now, new KeyChange.Tally(1, 0, null, 0, 0), List.of(new KeyChange.NextProbe(chosen.until)));
            }
        }
        if (sharing && chosen.state != KeyState.INVALID) {
            share(chosen, now, new KeyChange.Tally(1, 0, null, 0, 0), List.of());
        }
        if (chosen.rampLeft > 0) {
            chosen.rampNextAt = now.plus(recovery.rampSpacing());
        }
        chosen.inFlight++;
        chosen.counted(now);
        publish(new PoolEvent.Chosen(provider, chosen.key.id()));
        return new Selection.Chosen(new Lease(this, chosen.key, model));
    }

    /** How the pool stands for a request on {@code model} (null for any). */
    public synchronized Availability availability(String model) {
        return availabilityAt(clock.instant(), model);
    }

    private Availability availabilityAt(Instant now, String model) {
        int enabled = 0;
        int usable = 0;
        Instant soonest = null;
        for (KeyEntry e : entries) {
            if (e.state != KeyState.DISABLED) {
                enabled++;
            }
            if (e.selectableAt(now, model)) {
                usable++;
            } else {
                Instant back = e.backAt(model);
                if (back != null && (soonest == null || back.isBefore(soonest))) {
                    soonest = back;
                }
            }
        }
        return new Availability(enabled, usable, usable > 0 ? Optional.empty() : Optional.ofNullable(soonest));
    }

    synchronized void recordSuccess(String keyId) {
        KeyEntry e = entry(keyId);
        if (e == null) {
            return;
        }
        Instant now = clock.instant();
        List<KeyChange.Op> ops = sharing ? new ArrayList<>(3) : null;
        if (sharing && e.consecutiveRateLimits > 0) {
            ops.add(new KeyChange.Streak(false));
        }
        if (sharing && e.health.at(now) < Health.FULL) {
            ops.add(new KeyChange.HealthDelta(HealthScore.SUCCESS, recovery.points(), recovery.every()));
        }
        e.inFlight--;
        e.successes++;
        e.consecutiveRateLimits = 0;
        e.health.add(HealthScore.SUCCESS, now);
        if (e.rampLeft > 0) {
            e.rampLeft--;
        }
        if (e.state == KeyState.INVALID || (e.state == KeyState.COOLING && e.cause == FailureClass.RATE_LIMITED)) {
            moveTo(e, KeyState.ACTIVE, null, null, "answered successfully");
            e.rampLeft = 0;
            if (sharing) {
                ops.add(new KeyChange.Clear("answered successfully"));
            }
        }
        if (sharing) {
            share(e, now, new KeyChange.Tally(0, 1, null, 0, 0), ops);
        }
        publish(new PoolEvent.Outcome(provider, keyId, null));
    }

    synchronized void recordFailure(String keyId, Verdict verdict, String model, boolean cool) {
        KeyEntry e = entry(keyId);
        if (e == null) {
            return;
        }
        e.inFlight--;
        FailureClass failure = verdict.failureClass();
        Instant now = clock.instant();
        List<KeyChange.Op> ops = sharing ? new ArrayList<>(3) : null;
        if (failure != FailureClass.CALLER_FAULT) {
            e.failures.merge(failure, 1L, Long::sum);
            e.health.add(HealthScore.penalty(failure), now);
            if (sharing) {
                ops.add(new KeyChange.HealthDelta(HealthScore.penalty(failure), recovery.points(), recovery.every()));
            }
        }
        if (cool) {
            KeyDecision decision = policy.decide(verdict, now, e.consecutiveRateLimits, model);
            e.consecutiveRateLimits = failure == FailureClass.RATE_LIMITED ? e.consecutiveRateLimits + 1 : 0;
            apply(e, decision, now);
            if (sharing) {
                ops.add(new KeyChange.Streak(failure == FailureClass.RATE_LIMITED));
                KeyChange.Op op = shared(decision);
                if (op != null) {
                    ops.add(op);
                }
            }
        }
        if (sharing && (failure != FailureClass.CALLER_FAULT || !ops.isEmpty())) {
            share(e, now, new KeyChange.Tally(0, 0, failure == FailureClass.CALLER_FAULT ? null : failure, 0, 0), ops);
        }
        publish(new PoolEvent.Outcome(provider, keyId, failure));
    }

    /** How long an answer on the key took, and the tokens it used (answers that completed only). */
    synchronized void recordMeasurement(String keyId, Duration firstByte, Duration complete, TokenUsage usage) {
        KeyEntry e = entry(keyId);
        if (e != null) {
            e.measured(firstByte, complete, usage);
            if (sharing && (usage.in() != 0 || usage.out() != 0)) {
                share(e, clock.instant(), new KeyChange.Tally(0, 0, null, usage.in(), usage.out()), List.of());
            }
            publish(new PoolEvent.Measured(provider, keyId, firstByte, complete, usage));
        }
    }

    synchronized void release(String keyId) {
        KeyEntry e = entry(keyId);
        if (e != null) {
            e.inFlight--;
        }
    }

    private void apply(KeyEntry e, KeyDecision decision, Instant now) {
        if (decision instanceof KeyDecision.CoolDown cool) {
            if (e.state == KeyState.DISABLED || e.state == KeyState.INVALID) {
                return;
            }
            e.rampLeft = 0;
            if (e.state == KeyState.COOLING && !cool.until().isAfter(e.until)) {
                return; // a new cooldown never shortens one in force, nor replaces its cause
            }
            moveTo(e, KeyState.COOLING, cool.until(), cool.cause(), cool.reason());
        } else if (decision instanceof KeyDecision.Invalidate invalid) {
            if (e.state != KeyState.DISABLED) {
                e.rampLeft = 0;
                moveTo(e, KeyState.INVALID, invalid.probeAt(), FailureClass.KEY_INVALID, invalid.reason());
            }
        } else if (decision instanceof KeyDecision.CoolModel cool) {
            e.modelCooldowns.merge(cool.model(), cool.until(), (a, b) -> a.isAfter(b) ? a : b);
            e.modelCooldowns.values().removeIf(now::isAfter);
            publish(new PoolEvent.Transition(provider, e.key.id(), e.state, e.state,
                    cool.reason() + " (model " + cool.model() + ")"));
        }
    }

    /** An operator brings a key back: active, full health, no cooldown. */
    public synchronized boolean enable(String keyId) {
        KeyEntry e = entry(keyId);
        if (e == null) {
            return false;
        }
        moveTo(e, KeyState.ACTIVE, null, null, "enabled by operator");
        forgetFailures(e);
        shareOperator(e, new KeyChange.Enable("enabled by operator"));
        return true;
    }

    private static void forgetFailures(KeyEntry e) {
        e.health.restore();
        e.consecutiveRateLimits = 0;
        e.rampLeft = 0;
        e.modelCooldowns.clear();
    }

    /** An operator switches a key off until enabled again. */
    public synchronized boolean disable(String keyId) {
        KeyEntry e = entry(keyId);
        if (e == null) {
            return false;
        }
        moveTo(e, KeyState.DISABLED, null, null, "disabled by operator");
        shareOperator(e, new KeyChange.Disable("disabled by operator"));
        return true;
    }

    /**
     * An operator clears what the pool remembers of a key's failures: cooldowns end, health is full again.
     * A key an operator disabled stays disabled.
     */
    public synchronized boolean reset(String keyId) {
        KeyEntry e = entry(keyId);
        if (e == null) {
            return false;
        }
        if (e.state == KeyState.COOLING || e.state == KeyState.INVALID) {
            moveTo(e, KeyState.ACTIVE, null, null, "reset by operator");
        }
        forgetFailures(e);
        shareOperator(e, new KeyChange.Reset("reset by operator"));
        return true;
    }

    /** The next requests use this key while it is usable (the operator's "use-key"). */
    public synchronized boolean use(String keyId) {
        KeyEntry e = entry(keyId);
        if (e == null) {
            return false;
        }
        pinned = keyId;
        lastChosen = e.position; // the key in use: a rotate moves on from here
        return true;
    }

    /** Moves on from the key in use to the next usable one; returns its id, or empty when none is usable. */
    public synchronized Optional<String> rotate() {
        Instant now = clock.instant();
        int n = entries.size();
        for (int step = 1; step <= n; step++) {
            KeyEntry e = entries.get(Math.floorMod(lastChosen + step, n));
            if (e.usableAt(now, null) && (n == 1 || e.position != lastChosen)) {
                pinned = e.key.id();
                lastChosen = e.position;
                return Optional.of(pinned);
            }
        }
        return Optional.empty();
    }

    /** Adds a key at the end of the pool; false if its id is taken. */
    public synchronized boolean addKey(ApiKey key) {
        if (entry(key.id()) != null) {
            return false;
        }
        entries.add(newEntry(key, entries.size()));
        publish(new PoolEvent.Transition(provider, key.id(), KeyState.ACTIVE, KeyState.ACTIVE, "added"));
        return true;
    }

    /** Removes a key; requests in flight on it finish normally. */
    public synchronized boolean removeKey(String keyId) {
        KeyEntry e = entry(keyId);
        if (e == null) {
            return false;
        }
        List<KeyEntry> rest = new ArrayList<>(entries);
        rest.remove(e);
        renumber(rest);
        if (keyId.equals(pinned)) {
            pinned = null;
        }
        publish(new PoolEvent.Transition(provider, keyId, e.state, e.state, "removed"));
        return true;
    }

    /**
     * Makes the pool hold exactly {@code keys} (a reloaded keyring): keys it already had keep everything the pool
     * knows of them (state, health, counters), new ones start fresh, missing ones leave.
     */
    public synchronized void replaceKeys(List<ApiKey> keys) {
        Instant now = clock.instant();
        List<KeyEntry> next = new ArrayList<>();
        for (ApiKey key : keys) {
            KeyEntry old = entry(key.id());
            KeyEntry e = newEntry(key, next.size());
            if (old != null) {
                e.takeOver(old, now);
            }
            next.add(e);
        }
        entries.clear();
        entries.addAll(next);
        lastChosen = -1;
        selector = strategy.newSelector();
        if (pinned != null && entry(pinned) == null) {
            pinned = null;
        }
        publish(new PoolEvent.Transition(provider, "*", KeyState.ACTIVE, KeyState.ACTIVE, "keys replaced"));
    }

    private void renumber(List<KeyEntry> kept) {
        Instant now = clock.instant();
        List<KeyEntry> next = new ArrayList<>();
        for (KeyEntry old : kept) {
            KeyEntry e = newEntry(old.key, next.size());
            e.takeOver(old, now);
            next.add(e);
        }
        entries.clear();
        entries.addAll(next);
        lastChosen = -1;
        selector = strategy.newSelector();
    }

    private void moveTo(KeyEntry e, KeyState next, Instant until, FailureClass cause, String reason) {
        moveTo(e, next, until, cause, reason, reason);
    }

    /** @param told what the event says (a shared change names the instance it came from) */
    private void moveTo(KeyEntry e, KeyState next, Instant until, FailureClass cause, String reason, String told) {
        KeyState from = e.state;
        if (!from.canMoveTo(next)) {
            throw new IllegalStateException("key " + e.key.id() + " cannot move from " + from + " to " + next);
        }
        e.state = next;
        e.until = until;
        e.cause = cause;
        e.reason = reason;
        publish(new PoolEvent.Transition(provider, e.key.id(), from, next, told));
    }

    /**
     * Takes in a key's shared state after another instance (or this one: its own change comes back merged) changed it,
     * without sharing it again. A change older than the last one applied is ignored; a transition this pool may not
     * make (a cooldown on a key an operator just disabled here, whose own change is on its way) waits for the next
     * one; an ended cooldown does not undo this pool's "cooldown over" (nor restart the key's probation).
     */
    public synchronized void applyShared(SharedKey s) {
        KeyEntry e = entry(s.keyId());
        if (e == null || s.revision() <= e.sharedRevision) {
            return;
        }
        e.sharedRevision = s.revision();
        Instant now = clock.instant();
        boolean same = e.state == s.state() && Objects.equals(e.until, s.until()) && e.cause == s.cause();
        boolean ended = e.state == KeyState.ACTIVE && s.state() == KeyState.COOLING && s.until() != null
                && !now.isBefore(s.until());
        if (!same && !ended && e.state.canMoveTo(s.state())) {
            if (s.state() != KeyState.ACTIVE || e.state != KeyState.ACTIVE) {
                e.rampLeft = 0;
            }
            moveTo(e, s.state(), s.until(), s.cause(), s.reason(), s.reason() + " (shared by " + s.origin() + ")");
        }
        e.health.restore(s.health(), s.healthSince(), now);
        e.consecutiveRateLimits = s.streak();
        e.modelCooldowns.clear();
        e.modelCooldowns.putAll(s.modelCooldowns());
    }

    /** The operation other instances need for {@code decision}; null when it changes nothing. */
    private static KeyChange.Op shared(KeyDecision decision) {
        if (decision instanceof KeyDecision.CoolDown cool) {
            return new KeyChange.Cool(cool.until(), cool.cause(), cool.reason());
        }
        if (decision instanceof KeyDecision.Invalidate invalid) {
            return new KeyChange.Invalidate(invalid.probeAt(), invalid.reason());
        }
        if (decision instanceof KeyDecision.CoolModel cool) {
            return new KeyChange.CoolModel(cool.model(), cool.until());
        }
        return null; // Keep
    }

    private void share(KeyEntry e, Instant now, KeyChange.Tally tally, List<KeyChange.Op> ops) {
        if (sharing) {
            shared.recorded(new KeyChange(provider, e.key.id(), now, tally, ops));
        }
    }

    private void shareOperator(KeyEntry e, KeyChange.Op op) {
        share(e, clock.instant(), KeyChange.Tally.NONE, List.of(op));
    }

    /** The pool's keys as operators see them, health and statistics as of now. */
    public synchronized List<KeyView> view() {
        Instant now = clock.instant();
        List<KeyView> views = new ArrayList<>(entries.size());
        for (KeyEntry e : entries) {
            views.add(new KeyView(e.memory(now), e.key.secret().masked(), e.key.weight(), e.inFlight, e.stats(now)));
        }
        return views;
    }

    /** What to persist: every key's memory, no secret. */
    public synchronized List<KeyMemory> memories() {
        Instant now = clock.instant();
        return entries.stream().map(e -> e.memory(now)).toList();
    }

    /** Restores remembered state for the keys this pool has; memories of unknown keys are ignored. */
    public synchronized void restore(Map<String, KeyMemory> memories) {
        Instant now = clock.instant();
        for (KeyEntry e : entries) {
            KeyMemory memory = memories.get(e.key.id());
            if (memory != null) {
                e.restore(memory, now);
            }
        }
    }

    public synchronized RecoverySettings recovery() {
        return recovery;
    }

    public synchronized CooldownPolicy policy() {
        return policy;
    }

    /**
     * New key-state rules (a reloaded keyring): later failures are judged by {@code nextPolicy}, and health recovers
     * by {@code nextRecovery} from now on. Cooldowns already decided, health so far and counters stay.
     */
    public synchronized void applyRules(CooldownPolicy nextPolicy, RecoverySettings nextRecovery) {
        policy = nextPolicy;
        recovery = nextRecovery;
        List<KeyEntry> kept = new ArrayList<>(entries);
        Instant now = clock.instant();
        entries.clear();
        for (KeyEntry old : kept) {
            KeyEntry e = newEntry(old.key, old.position);
            e.takeOver(old, now);
            entries.add(e);
        }
    }

    public synchronized List<ApiKey> keys() {
        return entries.stream().map(e -> e.key).toList();
    }

    private KeyEntry entry(String keyId) {
        for (KeyEntry e : entries) {
            if (e.key.id().equals(keyId)) {
                return e;
            }
        }
        return null;
    }

    private void publish(PoolEvent event) {
        for (Consumer<PoolEvent> listener : listeners) {
            listener.accept(event);
        }
    }

    @Override
    public String toString() {
        return "KeyPool[" + provider + ", " + entries.size() + " keys, " + strategy.configName() + "]";
    }
}
