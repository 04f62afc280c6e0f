package org.keyrelay.pool;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keyrelay.selection.Candidate;
import org.keyrelay.selection.KeySelector;
import org.keyrelay.selection.Strategy;

/**
 * A pool's keys in order, with the strategy's selector and the last key chosen: lookups, the views of them all, and
 * the list changes (add, remove, replace). Only {@link KeyPool} uses it, under the pool's lock.
 */
final class PoolKeys {

    final List<KeyEntry> entries = new ArrayList<>();
    KeySelector selector;
    int lastChosen = -1;
    /** The key an operator chose ("use"), kept while it may serve; null: none. */
    volatile String pinned;
    /** The keyring's startKey last put in use (see {@link KeyChoice}); null: none. */
    String startKey;

    PoolKeys(List<ApiKey> keys, KeySelector selector) {
        this.selector = selector;
        keys.forEach(k -> entries.add(new KeyEntry(k, entries.size())));
    }

    int size() {
        return entries.size();
    }

    KeyEntry get(String keyId) {
        if (keyId != null) {
            for (KeyEntry e : entries) {
                if (e.key.id().equals(keyId)) {
                    return e;
                }
            }
        }
        return null;
    }

    /** The key for {@code request} by the precedence {@link KeyPool} states; null when none is selectable now. */
    KeyEntry pick(SelectionRequest request, Instant now, long turn, Affinities affinities, RecoverySettings recovery) {
        String model = request.model();
        KeyEntry chosen = get(request.preferred());
        if (chosen == null || !chosen.readiness(now, model).mayServe()) {
            chosen = pinnedKey(now, model);
        }
        if (chosen == null && request.conversation() != null) {
            chosen = get(affinities.keyOf(request.conversation(), now));
            chosen = chosen != null && chosen.readiness(now, model).selectable() ? chosen : null;
        }
        if (chosen == null) {
            List<Candidate> selectable = candidates(now, model, recovery);
            chosen = selectable.isEmpty() ? null : choose(selectable, turn);
        }
        return chosen;
    }

    /**
     * The key a request for no model in particular, with no conversation, would get now, as {@link #pick} decides it
     * but without taking a turn or forgetting a pin; null when none is selectable now.
     */
    KeyEntry peek(Instant now, RecoverySettings recovery) {
        KeyEntry pin = get(pinned);
        if (pin != null && pin.readiness(now, null).selectable()) {
            return pin;
        }
        List<Candidate> selectable = candidates(now, null, recovery);
        return selectable.isEmpty() ? null : entries.get(selector.peek(selectable).position());
    }

    private List<Candidate> candidates(Instant now, String model, RecoverySettings recovery) {
        List<Candidate> selectable = new ArrayList<>();
        for (KeyEntry e : entries) {
            if (e.readiness(now, model).selectable()) {
                selectable.add(new Candidate(e.key.id(), e.position, e.key.weight(),
                        e.record.health().at(now, recovery), e.inFlight, e.requests, e.record.budgets().headroom(now)));
            }
        }
        return selectable;
    }

    private KeyEntry choose(List<Candidate> selectable, long turn) {
        Candidate c = turn == SharedKeyState.NO_TURN ? selector.choose(selectable)
                : selector.choose(selectable, turn, entries.size());
        return entries.get(c.position());
    }

    /** Keys enabled, keys selectable now, and when the first is back if none is; all as of {@code now}. */
    Availability availability(Instant now, String model) {
        int enabled = 0;
        int selectable = 0;
        Instant soonest = null;
        for (KeyEntry e : entries) {
            Readiness r = e.readiness(now, model);
            enabled += r.why() == Readiness.Why.DISABLED ? 0 : 1;
            if (r.selectable()) {
                selectable++;
            } else if (r.backAt() != null && (soonest == null || r.backAt().isBefore(soonest))) {
                soonest = r.backAt();
            }
        }
        return new Availability(enabled, selectable, selectable > 0 ? Optional.empty() : Optional.ofNullable(soonest));
    }

    Map<String, Readiness> readiness(Instant now) {
        Map<String, Readiness> all = new LinkedHashMap<>();
        entries.forEach(e -> all.put(e.key.id(), e.readiness(now, null)));
        return all;
    }

    /** The operator's key if it is selectable now; forgets it once it may no longer serve. */
    KeyEntry pinnedKey(Instant now, String model) {
        KeyEntry pin = get(pinned);
        Readiness r = pin == null ? null : pin.readiness(now, model);
        if (r == null || !r.mayServe()) {
            pinned = null;
            return null;
        }
        return r.selectable() ? pin : null;
    }

    boolean pin(String keyId) {
        KeyEntry e = get(keyId);
        if (e != null) {
            pinned = keyId;
            lastChosen = e.position; // the key in use: a rotate moves on from here
        }
        return e != null;
    }

    /** Pins the next key after the last chosen one that may serve; empty when none may. */
    Optional<String> pinNext(Instant now) {
        int n = entries.size();
        for (int step = 1; step <= n; step++) {
            KeyEntry e = entries.get(Math.floorMod(lastChosen + step, n));
            if (e.readiness(now, null).mayServe() && (n == 1 || e.position != lastChosen)) {
                lastChosen = e.position;
                pinned = e.key.id();
                return Optional.of(pinned);
            }
        }
        return Optional.empty();
    }

    boolean add(ApiKey key) {
        if (get(key.id()) != null) {
            return false;
        }
        entries.add(new KeyEntry(key, entries.size()));
        return true;
    }

    boolean remove(String keyId, Instant now, Strategy strategy) {
        KeyEntry gone = get(keyId);
        if (gone == null) {
            return false;
        }
        List<ApiKey> rest = new ArrayList<>();
        entries.stream().filter(e -> e != gone).forEach(e -> rest.add(e.key));
        replace(rest, now, strategy);
        return true;
    }

    /** Holds exactly {@code keys}: known ones keep all that is known of them, new ones start fresh. */
    void replace(List<ApiKey> keys, Instant now, Strategy strategy) {
        List<KeyEntry> next = new ArrayList<>();
        for (ApiKey key : keys) {
            KeyEntry old = get(key.id());
            next.add(old == null ? new KeyEntry(key, next.size()) : old.at(next.size(), key, now));
        }
        entries.clear();
        entries.addAll(next);
        lastChosen = -1;
        selector = selector.keepsAcrossKeyChanges() ? selector : strategy.newSelector();
        pinned = get(pinned) == null ? null : pinned;
    }

    /** Folds recovered health into each record (before the recovery settings change). */
    void settleHealth(Instant now, RecoverySettings recovery) {
        for (KeyEntry e : entries) {
            e.record = e.record.withHealth(e.record.health().settled(now, recovery), e.record.streak());
        }
    }

    List<KeyView> views(Instant now, RecoverySettings recovery) {
        KeyEntry inUse = peek(now, recovery);
        List<KeyView> views = new ArrayList<>(entries.size());
        for (KeyEntry e : entries) {
            views.add(new KeyView(e.memory(now, recovery), e.key.secret().masked(), e.key.weight(), e.inFlight,
                    e.stats(now), e.readiness(now, null), e == inUse, e.key.label()));
        }
        return views;
    }

    List<KeyMemory> memories(Instant now, RecoverySettings recovery) {
        return entries.stream().map(e -> e.memory(now, recovery)).toList();
    }

    List<KeyRecord> records() {
        return entries.stream().map(e -> e.record).toList();
    }

    List<ApiKey> apiKeys() {
        return entries.stream().map(e -> e.key).toList();
    }
}
