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
import org.keyrelay.failure.Verdict;
import org.keyrelay.selection.Candidate;
import org.keyrelay.selection.KeySelector;
import org.keyrelay.selection.Strategy;

/**
 * One provider's keys: a coordinator. Every read and change happens under the pool's lock, so a key whose cooldown was
 * recorded is never chosen afterwards, and counters add up exactly. Every change of a key is one {@link KeyOp} applied
 * by {@link KeyRules} (the rules live there), published as the events it caused, and handed to the shared state.
 * <p>
 * How a key is chosen ({@link #select}), first rule that applies ({@link Readiness} says which keys may serve):
 * <ol>
 *   <li>a retry on the same key ({@code preferred}) keeps it while it may serve;</li>
 *   <li>a key an operator chose ({@link #use}) while it may serve (and is not held by its probation);</li>
 *   <li>the key the request's conversation is on ({@link Affinities}) while it is selectable;</li>
 *   <li>otherwise the provider's strategy picks among the selectable keys.</li>
 * </ol>
 * <b>Several instances</b> ({@link SharedKeyState}): each change is also handed to the shared state, which applies the
 * same operation to the shared record and tells the other instances, whose pools take it in with {@link #applyShared}.
 * Round-robin then takes its turn from a counter all instances share. Alone ({@link SharedKeyState#LOCAL}) nothing of
 * this runs.
 */
public final class KeyPool {

    private final String provider;
    private final Clock clock;
    private final SharedKeyState shared;
    private final Affinities affinities = new Affinities(Affinities.DEFAULT_CAPACITY, Affinities.DEFAULT_IDLE);
    private final List<Consumer<PoolEvent>> listeners = new CopyOnWriteArrayList<>();
    private final PoolKeys keys;
    private volatile KeyRules rules;
    private volatile Strategy strategy;
    private volatile String pinned;

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
        this.clock = clock;
        this.rules = new KeyRules(provider, policy, recovery);
        this.strategy = strategy;
        this.keys = new PoolKeys(keys, strategy.newSelector());
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
        keys.selector = next.newSelector();
    }

    public synchronized int size() {
        return keys.size();
    }

    /** Picks a key for a request on {@code model} (null: any), keeping {@code preferred} if it may serve; empty: none. */
    public Optional<Lease> acquire(String model, String preferred) {
        return select(new SelectionRequest(model, preferred, null)).chosen();
    }

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
        long turn = strategy == Strategy.ROUND_ROBIN && request.preferred() == null && request.conversation() == null
                && pinned == null ? shared.nextTurn(provider) : SharedKeyState.NO_TURN;
        return select(request, turn);
    }

    private synchronized Selection select(SelectionRequest request, long turn) {
        Instant now = clock.instant();
        String model = request.model();
        KeyEntry chosen = keys.get(request.preferred());
        if (chosen == null || !chosen.readiness(now, model).mayServe()) {
            chosen = pinnedKey(now, model);
        }
        if (chosen == null && request.conversation() != null) {
            chosen = keys.get(affinities.keyOf(request.conversation(), now));
            chosen = chosen != null && chosen.readiness(now, model).selectable() ? chosen : null;
        }
        if (chosen == null) {
            List<Candidate> selectable = keys.candidates(now, model, rules.recovery());
            if (selectable.isEmpty()) {
                return new Selection.NoneNow(keys.availability(now, model));
            }
            chosen = keys.choose(selectable, turn);
        }
        if (request.conversation() != null) {
            affinities.seat(request.conversation(), chosen.key.id(), now);
        }
        keys.lastChosen = chosen.position;
        change(chosen, new KeyOp.Served(model), now);
        chosen.inFlight++;
        publish(new PoolEvent.Chosen(provider, chosen.key.id()));
        return new Selection.Chosen(new Lease(this, chosen.key, model));
    }

    private KeyEntry pinnedKey(Instant now, String model) {
        KeyEntry pin = keys.get(pinned);
        Readiness r = pin == null ? null : pin.readiness(now, model);
        if (r == null || !r.mayServe()) {
            pinned = null;
            return null;
        }
        return r.selectable() ? pin : null;
    }

    /** How the pool stands for a request on {@code model} (null for any). */
    public synchronized Availability availability(String model) {
        return keys.availability(clock.instant(), model);
    }

    /** Each key's readiness now (for no model in particular), by id: what {@code /health}, metrics and admin show. */
    public synchronized Map<String, Readiness> readiness() {
        return keys.readiness(clock.instant());
    }

    synchronized void recordSuccess(String keyId) {
        settle(keyId, new KeyOp.Succeeded(), null);
    }

    synchronized void recordFailure(String keyId, Verdict verdict, String model, boolean cool) {
        settle(keyId, new KeyOp.Failed(verdict, model, cool), verdict);
    }

    private void settle(String keyId, KeyOp op, Verdict verdict) {
        KeyEntry e = keys.get(keyId);
        if (e != null) {
            e.inFlight--;
            change(e, op, clock.instant());
            publish(new PoolEvent.Outcome(provider, keyId, verdict == null ? null : verdict.failureClass()));
        }
    }

    /** How long an answer on the key took, and the tokens it used (answers that completed only). */
    synchronized void recordMeasurement(String keyId, Duration firstByte, Duration complete, TokenUsage usage) {
        KeyEntry e = keys.get(keyId);
        if (e != null) {
            e.measured(firstByte, complete);
            change(e, new KeyOp.Measured(firstByte, complete, usage), clock.instant());
            publish(new PoolEvent.Measured(provider, keyId, firstByte, complete, usage));
        }
    }

    synchronized void release(String keyId) {
        KeyEntry e = keys.get(keyId);
        if (e != null) {
            e.inFlight--;
        }
    }

    /** An operator brings a key back: active, full health, no cooldown. */
    public boolean enable(String keyId) {
        return apply(keyId, new KeyOp.Enabled());
    }

    /** An operator switches a key off until enabled again. */
    public boolean disable(String keyId) {
        return apply(keyId, new KeyOp.Disabled());
    }

    /** An operator clears what is known of a key's failures; a key an operator disabled stays disabled. */
    public boolean reset(String keyId) {
        return apply(keyId, new KeyOp.Reset());
    }

    /** Takes in another instance's record of a key (from the shared store), without sharing it again. */
    public boolean applyShared(KeyRecord theirs, String origin) {
        return apply(theirs.id(), new KeyOp.Shared(theirs, origin));
    }

    /** Applies {@code op} to a key now; false when the pool has no such key. */
    public synchronized boolean apply(String keyId, KeyOp op) {
        KeyEntry e = keys.get(keyId);
        if (e != null) {
            change(e, op, clock.instant());
        }
        return e != null;
    }

    /** The one way a key changes: the rules give its next record and the events; counts added; shared. */
    private void change(KeyEntry e, KeyOp op, Instant now) {
        KeyRules.Applied applied = rules.apply(e.record, op, now);
        KeyRecord before = e.record;
        e.record = applied.record();
        KeyOp.Tally tally = op.tally();
        e.count(tally, now);
        applied.events().forEach(this::publish);
        boolean local = op instanceof KeyOp.Shared || op instanceof KeyOp.Restored;
        boolean forShared = !e.record.sameShared(before) || op.isOperators();
        if (!local && shared != SharedKeyState.LOCAL && (forShared || !tally.isEmpty())) {
            shared.recorded(new KeyChange(provider, e.key.id(), now, tally, forShared ? op : null, rules));
        }
    }

    /** The next requests use this key while it is usable (the operator's "use-key"). */
    public synchronized boolean use(String keyId) {
        KeyEntry e = keys.get(keyId);
        if (e != null) {
            pinned = keyId;
            keys.lastChosen = e.position; // the key in use: a rotate moves on from here
        }
        return e != null;
    }

    /** Moves on from the key in use to the next usable one; returns its id, or empty when none is usable. */
    public synchronized Optional<String> rotate() {
        Optional<String> next = keys.nextAfterLast(clock.instant());
        next.ifPresent(id -> pinned = id);
        return next;
    }

    /** Adds a key at the end of the pool; false if its id is taken. */
    public synchronized boolean addKey(ApiKey key) {
        boolean added = keys.add(key);
        if (added) {
            publish(new PoolEvent.KeyAdded(provider, key.id()));
        }
        return added;
    }

    /** Removes a key; requests in flight on it finish normally. */
    public synchronized boolean removeKey(String keyId) {
        boolean removed = keys.remove(keyId, clock.instant(), strategy);
        if (removed) {
            pinned = keyId.equals(pinned) ? null : pinned;
            publish(new PoolEvent.KeyRemoved(provider, keyId));
        }
        return removed;
    }

    /**
     * Makes the pool hold exactly {@code next} (a reloaded keyring): keys it already had keep everything the pool
     * knows of them (state, health, counters), new ones start fresh, missing ones leave.
     */
    public synchronized void replaceKeys(List<ApiKey> next) {
        keys.replace(next, clock.instant(), strategy);
        pinned = keys.get(pinned) == null ? null : pinned;
        publish(new PoolEvent.KeysReplaced(provider, next.stream().map(ApiKey::id).toList()));
    }

    /** The pool's keys as operators see them, health and statistics as of now. */
    public synchronized List<KeyView> view() {
        return keys.views(clock.instant(), rules.recovery());
    }

    /** What to persist: every key's memory, no secret. */
    public synchronized List<KeyMemory> memories() {
        return keys.memories(clock.instant(), rules.recovery());
    }

    /** Each key's record as the rules see it (what the shared store keeps), by position. */
    public synchronized List<KeyRecord> records() {
        return keys.records();
    }

    /** Restores remembered state for the keys this pool has, through the rules; memories of unknown keys are ignored. */
    public synchronized void restore(Map<String, KeyMemory> memories) {
        Instant now = clock.instant();
        for (KeyEntry e : keys.entries) {
            KeyMemory memory = memories.get(e.key.id());
            if (memory != null) {
                e.restoreCounts(memory);
                change(e, new KeyOp.Restored(memory), now);
            }
        }
    }

    public KeyRules rules() {
        return rules;
    }

    public RecoverySettings recovery() {
        return rules.recovery();
    }

    public CooldownPolicy policy() {
        return rules.policy();
    }

    /**
     * New key-state rules (a reloaded keyring): later failures are judged by {@code nextPolicy}, and health recovers
     * by {@code nextRecovery} from now on. Cooldowns already decided, health so far and counters stay.
     */
    public synchronized void applyRules(CooldownPolicy nextPolicy, RecoverySettings nextRecovery) {
        keys.settleHealth(clock.instant(), rules.recovery());
        rules = new KeyRules(provider, nextPolicy, nextRecovery);
    }

    public synchronized List<ApiKey> keys() {
        return keys.apiKeys();
    }

    private void publish(PoolEvent event) {
        for (Consumer<PoolEvent> listener : listeners) {
            listener.accept(event);
        }
    }

    @Override
    public String toString() {
        return "KeyPool[" + provider + ", " + keys.size() + " keys, " + strategy.configName() + "]";
    }
}
