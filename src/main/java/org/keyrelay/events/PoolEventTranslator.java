package org.keyrelay.events;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.pool.KeyRules;
import org.keyrelay.pool.PoolEvent;
import org.keyrelay.pool.Readiness;

/**
 * Turns one pool's {@link PoolEvent}s into {@link KeyEvent}s: what operators hear of a key. Called by the pool under
 * its lock, in the order things happened, so it only maps and hands on (the outlets queue); it never waits.
 * <ul>
 *   <li>a key's state change: to cooling {@code cooled}, to invalid {@code invalid}, to disabled {@code disabled}, back
 *       to active {@code enabled} / {@code reset} when an operator did it, else {@code recovered};</li>
 *   <li>an operator's enable or reset that changed no state (it forgot failures only) is still told, once;</li>
 *   <li>{@code model_cooled}, {@code added}, {@code removed} (a reloaded keyring's changes too);</li>
 *   <li>the pool as a whole: {@code pool_exhausted} when its last usable key goes out, {@code pool_usable} when one is
 *       back, by {@link Readiness#usable()}, the rule {@code /health} and {@code keyrelay_keys_usable} use.</li>
 * </ul>
 * Usage-aware rotation's {@code spent} comes from {@link PoolEvent.BudgetSpent}. Served, outcome and measurement events
 * are not key news and are left out. A new kind of key news is one more branch here.
 */
final class PoolEventTranslator implements Consumer<PoolEvent> {

    private final KeyPool pool;
    private final Clock clock;
    private final Consumer<KeyEvent> sink;
    private final Set<String> keys = new LinkedHashSet<>();
    private volatile boolean bound = true;
    private boolean exhausted;
    private PoolEvent last;

    PoolEventTranslator(KeyPool pool, Clock clock, Consumer<KeyEvent> sink) {
        this.pool = pool;
        this.clock = clock;
        this.sink = sink;
        pool.keys().forEach(k -> keys.add(k.id()));
        exhausted = isExhausted(pool.readiness());
    }

    /** Stops telling: the gateway let go of the pool (its last requests may still finish on it). */
    void unbind() {
        bound = false;
    }

    @Override
    public void accept(PoolEvent event) {
        if (!bound) {
            return;
        }
        Instant now = clock.instant();
        String p = pool.provider();
        if (event instanceof PoolEvent.StateChanged t) {
            sink.accept(KeyEvent.ofKey(stateType(t), now, p, t.keyId(), label(t.cause()), t.until(), t.reason()));
            poolChanged(now);
        } else if (event instanceof PoolEvent.FailuresForgotten f && !toldBy(last, f)) {
            KeyEvent.Type type = operatorType(f.reason());
            if (type != null) {
                sink.accept(KeyEvent.ofKey(type, now, p, f.keyId(), null, null, f.reason()));
            }
        } else if (event instanceof PoolEvent.ModelCooled m) {
            sink.accept(new KeyEvent(KeyEvent.Type.MODEL_COOLED, now, p, m.keyId(), null, m.until(), m.model(), null,
                    null, m.reason()));
        } else if (event instanceof PoolEvent.BudgetSpent b) {
            sink.accept(KeyEvent.ofKey(KeyEvent.Type.SPENT, now, p, b.keyId(), b.window(), b.until(), b.reason()));
            poolChanged(now);
        } else if (event instanceof PoolEvent.KeyAdded a) {
            keys.add(a.keyId());
            sink.accept(KeyEvent.ofKey(KeyEvent.Type.ADDED, now, p, a.keyId(), null, null, "added by operator"));
            poolChanged(now);
        } else if (event instanceof PoolEvent.KeyRemoved r) {
            keys.remove(r.keyId());
            sink.accept(KeyEvent.ofKey(KeyEvent.Type.REMOVED, now, p, r.keyId(), null, null, "removed by operator"));
            poolChanged(now);
        } else if (event instanceof PoolEvent.KeysReplaced r) {
            replaced(r, now);
            poolChanged(now);
        }
        last = event;
    }

    private void replaced(PoolEvent.KeysReplaced r, Instant now) {
        for (String id : Set.copyOf(keys)) {
            if (!r.keyIds().contains(id)) {
                keys.remove(id);
                sink.accept(KeyEvent.ofKey(KeyEvent.Type.REMOVED, now, pool.provider(), id, null, null,
                        "keyring reloaded"));
            }
        }
        for (String id : r.keyIds()) {
            if (keys.add(id)) {
                sink.accept(KeyEvent.ofKey(KeyEvent.Type.ADDED, now, pool.provider(), id, null, null,
                        "keyring reloaded"));
            }
        }
    }

    /** Tells when the pool's last usable key went out, or the first came back. */
    private void poolChanged(Instant now) {
        Map<String, Readiness> all = pool.readiness();
        boolean out = isExhausted(all);
        if (out == exhausted) {
            return;
        }
        exhausted = out;
        if (out) {
            Instant first = all.values().stream().map(Readiness::backAt).filter(t -> t != null)
                    .min(Instant::compareTo).orElse(null);
            sink.accept(KeyEvent.ofKey(KeyEvent.Type.POOL_EXHAUSTED, now, pool.provider(), null, null, first,
                    "no usable key of " + all.size()));
        } else {
            sink.accept(KeyEvent.ofKey(KeyEvent.Type.POOL_USABLE, now, pool.provider(), null, null, null,
                    all.values().stream().filter(Readiness::usable).count() + " usable key(s) of " + all.size()));
        }
    }

    private static boolean isExhausted(Map<String, Readiness> all) {
        return !all.isEmpty() && all.values().stream().noneMatch(Readiness::usable);
    }

    private static KeyEvent.Type stateType(PoolEvent.StateChanged t) {
        return switch (t.to()) {
            case COOLING -> KeyEvent.Type.COOLED;
            case INVALID -> KeyEvent.Type.INVALID;
            case DISABLED -> KeyEvent.Type.DISABLED;
            case ACTIVE -> {
                KeyEvent.Type byOperator = operatorType(t.reason());
                yield byOperator != null ? byOperator : KeyEvent.Type.RECOVERED;
            }
        };
    }

    /** ENABLED or RESET when {@code reason} is an operator's (here or on another instance); else null. */
    private static KeyEvent.Type operatorType(String reason) {
        if (reason == null) {
            return null;
        }
        if (reason.startsWith(KeyRules.ENABLED_BY_OPERATOR)) {
            return KeyEvent.Type.ENABLED;
        }
        return reason.startsWith(KeyRules.RESET_BY_OPERATOR) ? KeyEvent.Type.RESET : null;
    }

    /** Whether the state change just told was this same operation (an enable or reset tells once). */
    private static boolean toldBy(PoolEvent last, PoolEvent.FailuresForgotten f) {
        return last instanceof PoolEvent.StateChanged t && t.keyId().equals(f.keyId())
                && t.reason().equals(f.reason());
    }

    static String label(FailureClass failure) {
        return failure == null ? null : failure.name().toLowerCase(Locale.ROOT);
    }
}
