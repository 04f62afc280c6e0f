package org.keyrelay.pool;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.keyrelay.selection.Strategy;
import org.keyrelay.usage.Budget;
import org.keyrelay.usage.BudgetHeaders;

/**
 * One provider's keys: a coordinator. Under the pool's lock (so a key whose cooldown was recorded is never chosen
 * afterwards, and counters add up exactly) every change of a key is one {@link KeyOp} applied by {@link KeyRules},
 * where the rules live; the pool counts it, publishes the events it caused and hands it to the {@link SharedKeyState}
 * (other instances' changes come back through {@link #applyShared}; alone, {@link SharedKeyState#LOCAL}).
 * <p>
 * How a key is chosen ({@link #select}), first rule that applies ({@link Readiness} says which keys may serve): a retry
 * on the same key ({@code preferred}) keeps it while it may serve; then a key an operator chose ({@link #use},
 * {@link #rotate}, or the keyring's startKey: {@link #startOn}; remembered across restarts as a {@link KeyChoice}); then
 * the key the request's conversation is on ({@link Affinities}); then the strategy picks among the selectable keys
 * (round-robin with several instances takes its turn from a counter they share).
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

    /** {@link #select} for {@code model} (null: any), keeping {@code preferred} if it may serve; empty: none now. */
    public Optional<Lease> acquire(String model, String preferred) {
        return acquire(new SelectionRequest(model, preferred, null));
    }

    public Optional<Lease> acquire(SelectionRequest request) {
        return select(request).chosen();
    }

    /** Picks a key and counts it in flight, or says why none can serve, as of one instant: never "none and never". */
    public Selection select(SelectionRequest request) {
        // shared round-robin: the turn comes from the counter all instances share, fetched before taking the lock,
        // and only when the strategy will most likely choose (no retry on a key, no conversation, no operator's pin)
        long turn = strategy == Strategy.ROUND_ROBIN && request.preferred() == null && request.conversation() == null
                && keys.pinned == null ? shared.nextTurn(provider) : SharedKeyState.NO_TURN;
        return select(request, turn);
    }

    private synchronized Selection select(SelectionRequest request, long turn) {
        Instant now = clock.instant();
        String model = request.model();
        KeyEntry chosen = keys.pick(request, now, turn, affinities, rules.recovery());
        if (chosen == null) {
            return new Selection.NoneNow(keys.availability(now, model));
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

    /** How the pool stands for a request on {@code model} (null for any). */
    public synchronized Availability availability(String model) {
        return keys.availability(clock.instant(), model);
    }

    /** Each key's readiness now (for no model in particular), by id: what {@code /health}, metrics and admin show. */
    public synchronized Map<String, Readiness> readiness() {
        return keys.readiness(clock.instant());
    }

    /** A request on the key ended: {@link KeyOp.Succeeded}, {@link KeyOp.Failed}, or null (released unjudged). */
    synchronized void settle(String keyId, KeyOp op) {
        KeyEntry e = keys.get(keyId);
        if (e != null) {
            e.inFlight--;
            if (op != null) {
                change(e, op, clock.instant());
                publish(new PoolEvent.Outcome(provider, keyId, op.tally().failure()));
            }
        }
    }

    /** An upstream answered a request on the key with these headers: the budgets they state are reported. */
    void answered(String keyId, Map<String, List<String>> headers) {
        Instant now = clock.instant();
        List<Budget> budgets = BudgetHeaders.read(headers, now);
        if (!budgets.isEmpty()) {
            apply(keyId, new KeyOp.BudgetReported(budgets, "headers"));
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

    /**
     * An operator gives every key a fresh start ({@code keys refresh}): {@link KeyOp.Reset} on each key, all under one
     * lock (no request sees half the pool refreshed); a key an operator disabled stays disabled.
     */
    public synchronized void refresh() {
        Instant now = clock.instant();
        for (KeyEntry e : keys.entries) {
            change(e, new KeyOp.Reset(), now);
        }
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
        e.count(op, tally, now);
        if (op instanceof KeyOp.Measured m) {
            e.measured(m.firstByte(), m.complete());
        }
        applied.events().forEach(this::publish);
        KeyChange out = shared == SharedKeyState.LOCAL ? null : KeyChange.of(rules, before, e.record, op, tally, now);
        if (out != null) {
            shared.recorded(out);
        }
    }

    /** The next requests use this key while it is usable (the operator's "use-key"); remembered across restarts. */
    public synchronized boolean use(String keyId) {
        return keys.pin(keyId) && published(new PoolEvent.InUse(provider, keyId));
    }

    /** Moves on from the key in use to the next usable one; returns its id, or empty when none is usable. */
    public synchronized Optional<String> rotate() {
        Optional<String> next = keys.pinNext(clock.instant());
        next.ifPresent(id -> publish(new PoolEvent.InUse(provider, id)));
        return next;
    }

    /**
     * The key the next request (for no model in particular, in no conversation) goes to under the pool's strategy,
     * asked without taking a turn; empty when none can serve now.
     */
    public synchronized Optional<String> inUse() {
        return Optional.ofNullable(keys.peek(clock.instant(), rules.recovery())).map(e -> e.key.id());
    }

    /** The key chosen for the pool, to remember across restarts ({@link KeyChoice}). */
    public synchronized KeyChoice choice() {
        return new KeyChoice(keys.get(keys.pinned) == null ? null : keys.pinned, keys.startKey);
    }

    /** Takes back a remembered choice; a key the pool does not have (any more) is not chosen. */
    public synchronized void restoreChoice(KeyChoice saved) {
        keys.startKey = saved.startKey();
        if (saved.chosen() != null) {
            keys.pin(saved.chosen());
        }
    }

    /**
     * The keyring's {@code startKey} (null: none): when it differs from the one last put in use (the keyring names it
     * for the first time, or was edited), the pool starts on that key as if an operator had said {@link #use};
     * otherwise the choice remembered stands. A startKey the pool does not have (its secret's variable is unset) waits
     * until it does.
     *
     * @return whether the pool now uses {@code startKey}
     */
    public synchronized boolean startOn(String startKey) {
        if (java.util.Objects.equals(startKey, keys.startKey)) {
            return false;
        }
        if (startKey == null) {
            keys.startKey = null;
            return false;
        }
        if (!keys.pin(startKey)) {
            return false;
        }
        keys.startKey = startKey;
        publish(new PoolEvent.InUse(provider, startKey));
        return true;
    }

    /** Adds a key at the end of the pool; false if its id is taken. */
    public synchronized boolean addKey(ApiKey key) {
        return keys.add(key) && published(new PoolEvent.KeyAdded(provider, key.id()));
    }

    /** Removes a key; requests in flight on it finish normally. */
    public synchronized boolean removeKey(String keyId) {
        return keys.remove(keyId, clock.instant(), strategy) && published(new PoolEvent.KeyRemoved(provider, keyId));
    }

    /**
     * Makes the pool hold exactly {@code next} (a reloaded keyring): keys it already had keep everything the pool
     * knows of them (state, health, counters), new ones start fresh, missing ones leave.
     */
    public synchronized void replaceKeys(List<ApiKey> next) {
        keys.replace(next, clock.instant(), strategy);
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
        memories.forEach((id, memory) -> Optional.ofNullable(keys.get(id)).ifPresent(e -> {
            e.restoreCounts(memory);
            change(e, new KeyOp.Restored(memory), clock.instant());
        }));
    }

    public KeyRules rules() {
        return rules;
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

    private boolean published(PoolEvent event) {
        publish(event);
        return true;
    }

    @Override
    public String toString() {
        return "KeyPool[" + provider + ", " + keys.size() + " keys, " + strategy.configName() + "]";
    }
}
