package org.keyrelay.pool;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.failure.Verdict;
import org.keyrelay.selection.Candidate;
import org.keyrelay.selection.KeySelector;
import org.keyrelay.selection.Strategy;

/**
 * One provider's keys and what is known of each. Every read and change happens under the pool's lock, so a
 * key whose cooldown was recorded is never chosen afterwards, and counters add up exactly.
 * State changes go through {@link #moveTo}, which checks the transition and publishes it.
 */
public final class KeyPool {

    private final String provider;
    private final Clock clock;
    private final CooldownPolicy policy;
    private final List<KeyEntry> entries = new ArrayList<>();
    private final List<Consumer<PoolEvent>> listeners = new CopyOnWriteArrayList<>();
    private Strategy strategy;
    private KeySelector selector;
    private String pinned;
    private int lastChosen = -1;

    public KeyPool(String provider, List<ApiKey> keys, Strategy strategy, CooldownPolicy policy, Clock clock) {
        this.provider = provider;
        this.clock = clock;
        this.policy = policy;
        this.strategy = strategy;
        this.selector = strategy.newSelector();
        for (ApiKey key : keys) {
            entries.add(new KeyEntry(key, entries.size()));
        }
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
     * @return empty when no key is usable now
     */
    public synchronized Optional<Lease> acquire(String model, String preferred) {
        Instant now = clock.instant();
        List<Candidate> usable = new ArrayList<>();
        KeyEntry preferredEntry = null;
        for (KeyEntry e : entries) {
            if (e.usableAt(now, model)) {
                usable.add(new Candidate(e.key.id(), e.position, e.key.weight(), e.health, e.inFlight, e.requests));
                if (e.key.id().equals(preferred)) {
                    preferredEntry = e;
                }
            }
        }
        if (usable.isEmpty()) {
            return Optional.empty();
        }
        if (preferredEntry == null && pinned != null) {
            preferredEntry = usable.stream().filter(c -> c.id().equals(pinned)).findFirst()
                    .map(c -> entries.get(c.position())).orElse(null);
            if (preferredEntry == null) {
                pinned = null;
            }
        }
        KeyEntry chosen = preferredEntry != null ? preferredEntry : entries.get(selector.choose(usable).position());
        lastChosen = chosen.position;
        if (chosen.state == KeyState.COOLING) {
            moveTo(chosen, KeyState.ACTIVE, null, null, "cooldown over");
        } else if (chosen.state == KeyState.INVALID) {
            // one probe per fail window: the next probe waits for another window
            chosen.until = now.plus(policy.settings().invalidFailWindow());
        }
        chosen.inFlight++;
        chosen.requests++;
        return Optional.of(new Lease(this, chosen.key, model));
    }

    /** How the pool stands for a request on {@code model} (null for any). */
    public synchronized Availability availability(String model) {
        Instant now = clock.instant();
        int enabled = 0;
        int usable = 0;
        Instant soonest = null;
        for (KeyEntry e : entries) {
            if (e.state != KeyState.DISABLED) {
                enabled++;
            }
            if (e.usableAt(now, model)) {
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
        e.inFlight--;
        e.successes++;
        e.consecutiveRateLimits = 0;
        e.addHealth(HealthScore.SUCCESS);
        if (e.state == KeyState.INVALID || (e.state == KeyState.COOLING && e.cause == FailureClass.RATE_LIMITED)) {
            moveTo(e, KeyState.ACTIVE, null, null, "answered successfully");
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
        if (failure != FailureClass.CALLER_FAULT) {
            e.failures.merge(failure, 1L, Long::sum);
            e.addHealth(HealthScore.penalty(failure));
        }
        if (cool) {
            Instant now = clock.instant();
            KeyDecision decision = policy.decide(verdict, now, e.consecutiveRateLimits, model);
            e.consecutiveRateLimits = failure == FailureClass.RATE_LIMITED ? e.consecutiveRateLimits + 1 : 0;
            apply(e, decision, now);
        }
        publish(new PoolEvent.Outcome(provider, keyId, failure));
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
            if (e.state == KeyState.COOLING && !cool.until().isAfter(e.until)) {
                return; // a new cooldown never shortens one in force, nor replaces its cause
            }
            moveTo(e, KeyState.COOLING, cool.until(), cool.cause(), cool.reason());
        } else if (decision instanceof KeyDecision.Invalidate invalid) {
            if (e.state != KeyState.DISABLED) {
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
        e.health = KeyEntry.FULL_HEALTH;
        e.consecutiveRateLimits = 0;
        e.modelCooldowns.clear();
        return true;
    }

    /** An operator switches a key off until enabled again. */
    public synchronized boolean disable(String keyId) {
        KeyEntry e = entry(keyId);
        if (e == null) {
            return false;
        }
        moveTo(e, KeyState.DISABLED, null, null, "disabled by operator");
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
        e.health = KeyEntry.FULL_HEALTH;
        e.consecutiveRateLimits = 0;
        e.modelCooldowns.clear();
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
        entries.add(new KeyEntry(key, entries.size()));
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
        List<KeyEntry> next = new ArrayList<>();
        for (ApiKey key : keys) {
            KeyEntry old = entry(key.id());
            KeyEntry e = new KeyEntry(key, next.size());
            if (old != null) {
                e.restore(old.memory());
                e.inFlight = old.inFlight;
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
        List<KeyEntry> next = new ArrayList<>();
        for (KeyEntry old : kept) {
            KeyEntry e = new KeyEntry(old.key, next.size());
            e.restore(old.memory());
            e.inFlight = old.inFlight;
            next.add(e);
        }
        entries.clear();
        entries.addAll(next);
        lastChosen = -1;
        selector = strategy.newSelector();
    }

    private void moveTo(KeyEntry e, KeyState next, Instant until, FailureClass cause, String reason) {
        KeyState from = e.state;
        if (!from.canMoveTo(next)) {
            throw new IllegalStateException("key " + e.key.id() + " cannot move from " + from + " to " + next);
        }
        e.state = next;
        e.until = until;
        e.cause = cause;
        e.reason = reason;
        publish(new PoolEvent.Transition(provider, e.key.id(), from, next, reason));
    }

    /** The pool's keys as operators see them. */
    public synchronized List<KeyView> view() {
        List<KeyView> views = new ArrayList<>(entries.size());
        for (KeyEntry e : entries) {
            views.add(new KeyView(e.memory(), e.key.secret().masked(), e.key.weight(), e.inFlight));
        }
        return views;
    }

    /** What to persist: every key's memory, no secret. */
    public synchronized List<KeyMemory> memories() {
        return entries.stream().map(KeyEntry::memory).toList();
    }

    /** Restores remembered state for the keys this pool has; memories of unknown keys are ignored. */
    public synchronized void restore(Map<String, KeyMemory> memories) {
        for (KeyEntry e : entries) {
            KeyMemory memory = memories.get(e.key.id());
            if (memory != null) {
                e.restore(memory);
            }
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
