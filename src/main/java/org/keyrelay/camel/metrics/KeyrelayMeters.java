package org.keyrelay.camel.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.keyrelay.Gateway;
import org.keyrelay.Provider;
import org.keyrelay.camel.RotationListener;
import org.keyrelay.events.EventOutlet;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.pool.ApiKey;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.pool.KeyRecord;
import org.keyrelay.usage.Budget;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.pool.KeyState;
import org.keyrelay.pool.PoolEvent;

/**
 * The keyrelay meters, bound to a registry and kept up to date from the pools' events (a binder, as resilience4j's
 * are). Every metric and tag name is here, and nowhere else. Labels carry provider and key ids, never a secret.
 * <p>
 * The meters live as long as this binder, not as long as the routes: a route reload leaves them (and their counts)
 * alone. A keyring reload keeps the pools of the providers that stay, so their meters stay too; a provider added gets
 * its meters, a provider removed loses them; keys added to or removed from a pool get or lose theirs.
 * <p>
 * The request path costs one map lookup by key id, then an increment: every counter of a key is made when the key
 * is first seen. Gauges are read when scraped, from a snapshot of the pool taken at most once per scrape while
 * nothing changes (and at least once a second, so cooldowns that end show).
 */
public final class KeyrelayMeters implements Gateway.ProviderListener, RotationListener {

    /** Upstream requests sent with a key, by how they ended: success or a key failure (keyrelay_requests_total). */
    public static final String REQUESTS = "keyrelay.requests";
    /** Requests that left a key for the next one, by why the key was left (keyrelay_rotations_total). */
    public static final String ROTATIONS = "keyrelay.rotations";
    /** 1 for a key's current state, 0 for the others (keyrelay_key_state). */
    public static final String KEY_STATE = "keyrelay.key.state";
    /** A key's health score, 0 to 100 (keyrelay_key_health). */
    public static final String KEY_HEALTH = "keyrelay.key.health";
    /** Keys of a provider usable now, by {@link ProviderHealth}'s rule (keyrelay_keys_usable). */
    public static final String KEYS_USABLE = "keyrelay.keys.usable";
    /** Request sent upstream to response complete (keyrelay_upstream_seconds, a histogram). */
    public static final String UPSTREAM = "keyrelay.upstream";
    /** Request sent upstream to response head (keyrelay_time_to_first_byte_seconds, a histogram). */
    public static final String TIME_TO_FIRST_BYTE = "keyrelay.time.to.first.byte";
    /** What the provider last said is left of a key's window (keyrelay_key_quota_remaining). */
    public static final String QUOTA_REMAINING = "keyrelay.key.quota.remaining";
    /** The size of a key's window, when the provider states it (keyrelay_key_quota_limit). */
    public static final String QUOTA_LIMIT = "keyrelay.key.quota.limit";
    /** When a key's window starts over, epoch seconds (keyrelay_key_quota_reset_time_seconds). */
    public static final String QUOTA_RESET = "keyrelay.key.quota.reset.time";
    /** Usage polls that failed (keyrelay_usage_poll_failures_total). */
    public static final String USAGE_POLL_FAILURES = "keyrelay.usage.poll.failures";
    /** Tokens the provider reported, by direction (keyrelay_tokens_total). */
    public static final String TOKENS = "keyrelay.tokens";
    /** Operations on the key-state store that failed since the gateway started (keyrelay_state_store_errors_total). */
    public static final String STATE_STORE_ERRORS = "keyrelay.state.store.errors";
    /** Key events an outlet dropped because it was behind, such as a webhook that hangs (keyrelay_events_dropped_total). */
    public static final String EVENTS_DROPPED = "keyrelay.events.dropped";

    public static final String PROVIDER = "provider";
    public static final String KEY = "key";
    public static final String OUTCOME = "outcome";
    public static final String REASON = "reason";
    public static final String STATE = "state";
    public static final String DIRECTION = "direction";
    /** A key's budget window: requests, tokens, input-tokens, output-tokens, session, weekly, usage, credit. */
    public static final String WINDOW = "window";
    /** Where key events go: routes (routes/events.camel.yaml) or stream (GET /admin/events). */
    public static final String OUTLET = "outlet";
    /** The key-state store's kind: file or redis. */
    public static final String STORE = "store";

    /** The outcome of a request that succeeded; failures are labelled with their failure class (rate_limited...). */
    public static final String SUCCESS = "success";
    public static final String IN = "in";
    public static final String OUT = "out";

    /** Histogram buckets: LLM answers take from milliseconds (a cached 429) to minutes (a long stream). */
    static final Duration[] UPSTREAM_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300);
    static final Duration[] FIRST_BYTE_BUCKETS = seconds(0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60);

    private static final Duration SNAPSHOT_MAX_AGE = Duration.ofSeconds(1);

    private final MeterRegistry registry;
    private final Gateway gateway;
    private final Clock clock;
    private final Map<String, ProviderMeters> providers = new ConcurrentHashMap<>();

    public KeyrelayMeters(MeterRegistry registry, Gateway gateway) {
        this.registry = registry;
        this.gateway = gateway;
        this.clock = gateway.clock();
    }

    /** Makes the meters of every provider the gateway has, and follows the providers a keyring reload adds or removes. */
    public KeyrelayMeters bind() {
        FunctionCounter.builder(STATE_STORE_ERRORS, gateway, g -> g.stateStoreStatus().errors())
                .description("operations on the key-state store that failed; the gateway kept serving on its own view")
                .tag(STORE, gateway.stateStoreStatus().kind()).register(registry);
        FunctionCounter.builder(USAGE_POLL_FAILURES, gateway,
                        g -> g.usagePolls().failures().values().stream().mapToLong(Long::longValue).sum())
                .description("usage polls that failed (an error status, no answer in time, an answer that does not read);"
                        + " a failed poll changes nothing about the key").register(registry);
        gateway.providers().values().forEach(this::added);
        gateway.subscribe(this);
        return this;
    }

    @Override
    public void added(Provider provider) {
        ProviderMeters fresh = new ProviderMeters(provider.pool());
        ProviderMeters old = providers.put(provider.id(), fresh);
        if (old != null) {
            old.remove();
        }
        provider.pool().subscribe(fresh);
        fresh.syncKeys();
    }

    @Override
    public void removed(Provider provider) {
        ProviderMeters gone = providers.get(provider.id());
        if (gone != null && gone.pool == provider.pool()) {
            providers.remove(provider.id(), gone);
            gone.remove();
        }
    }

    @Override
    public void rotated(String provider, String fromKey, String toKey, FailureClass reason) {
        ProviderMeters p = providers.get(provider);
        Counter c = p == null ? null : p.rotations.get(reason);
        if (c != null) {
            c.increment();
        }
    }

    /** Counts the key events {@code outlet} drops. */
    public void bindEventOutlet(EventOutlet outlet) {
        FunctionCounter.builder(EVENTS_DROPPED, outlet, EventOutlet::dropped)
                .description("key events dropped because their outlet was behind; requests never wait for one")
                .tag(OUTLET, outlet.name()).register(registry);
    }

    /** Brings the key meters in line with the pools' keys; the scrape calls it first. */
    public void refresh() {
        providers.values().forEach(ProviderMeters::syncKeys);
    }

    static String label(FailureClass failure) {
        return failure.name().toLowerCase(Locale.ROOT);
    }

    private static Duration[] seconds(double... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
        }
        return out;
    }

    /** One provider's meters; hears its pool's events. */
    private final class ProviderMeters implements Consumer<PoolEvent> {
        private final KeyPool pool;
        private final String provider;
        private final Map<String, KeyMeters> keys = new ConcurrentHashMap<>();
        private final Map<FailureClass, Counter> rotations = new EnumMap<>(FailureClass.class);
        private final List<Meter> own = new ArrayList<>();
        private final Timer upstream;
        private final Timer firstByte;
        private volatile boolean bound = true;
        private volatile boolean dirty = true;
        private volatile Snapshot snapshot;

        ProviderMeters(KeyPool pool) {
            this.pool = pool;
            this.provider = pool.provider();
            for (FailureClass reason : FailureClass.values()) {
                if (reason.isKeyFailure()) {
                    Counter c = Counter.builder(ROTATIONS).tag(PROVIDER, provider).tag(REASON, label(reason))
                            .description("Requests that left a key for the next one, by why the key was left")
                            .register(registry);
                    rotations.put(reason, c);
                    own.add(c);
                }
            }
            own.add(Gauge.builder(KEYS_USABLE, this, p -> p.snapshot().health().usable())
                    .tag(PROVIDER, provider).strongReference(true)
                    .description("Keys usable now: active, or cooling with the cooldown over").register(registry));
            upstream = Timer.builder(UPSTREAM).tag(PROVIDER, provider)
                    .description("Request sent upstream to response complete, answers that completed")
                    .serviceLevelObjectives(UPSTREAM_BUCKETS).register(registry);
            firstByte = Timer.builder(TIME_TO_FIRST_BYTE).tag(PROVIDER, provider)
                    .description("Request sent upstream to response head, answers that completed")
                    .serviceLevelObjectives(FIRST_BYTE_BUCKETS).register(registry);
            own.add(upstream);
            own.add(firstByte);
        }

        @Override
        public void accept(PoolEvent event) {
            if (!bound) {
                return; // a pool the gateway let go of still publishes while its last requests finish
            }
            dirty = true;
            if (event instanceof PoolEvent.Outcome outcome) {
                Counter c = keyMeters(outcome.keyId()).outcome(outcome.failure());
                if (c != null) {
                    c.increment();
                }
            } else if (event instanceof PoolEvent.Measured measured) {
                upstream.record(measured.complete());
                firstByte.record(measured.firstByte());
                KeyMeters k = keyMeters(measured.keyId());
                k.tokensIn.increment(measured.usage().in());
                k.tokensOut.increment(measured.usage().out());
            } else if (event instanceof PoolEvent.KeyAdded || event instanceof PoolEvent.KeyRemoved
                    || event instanceof PoolEvent.KeysReplaced) {
                syncKeys();
            }
        }

        private KeyMeters keyMeters(String keyId) {
            KeyMeters k = keys.get(keyId);
            return k != null ? k : keys.computeIfAbsent(keyId, KeyMeters::new);
        }

        void syncKeys() {
            if (!bound) {
                return;
            }
            Set<String> ids = new HashSet<>();
            for (ApiKey key : pool.keys()) {
                ids.add(key.id());
                keyMeters(key.id());
            }
            for (KeyRecord r : pool.records()) {
                KeyMeters k = keys.get(r.id());
                if (k != null) {
                    r.budgets().windows().keySet().forEach(k::window);
                }
            }
            keys.keySet().removeIf(id -> {
                if (ids.contains(id)) {
                    return false;
                }
                keys.get(id).remove();
                return true;
            });
            dirty = true;
        }

        /** The pool as of now, taken again when something happened in it or when it is a second old. */
        Snapshot snapshot() {
            Snapshot s = snapshot;
            Instant now = clock.instant();
            if (s == null || dirty || Duration.between(s.at(), now).compareTo(SNAPSHOT_MAX_AGE) >= 0) {
                dirty = false;
                Map<String, KeyMemory> memories = new HashMap<>();
                Map<String, KeyState> states = new HashMap<>();
                pool.view().forEach(v -> {
                    memories.put(v.id(), v.memory());
                    states.put(v.id(), v.state()); // an ended cooldown is active (Readiness)
                });
                s = new Snapshot(now, memories, states, ProviderHealth.of(pool));
                snapshot = s;
            }
            return s;
        }

        void remove() {
            bound = false;
            own.forEach(registry::remove);
            keys.values().forEach(KeyMeters::remove);
            keys.clear();
        }

        /** One key's meters, made at once so the request path only increments. */
        private final class KeyMeters {
            private final String id;
            private final Counter successes;
            private final Map<FailureClass, Counter> failures = new EnumMap<>(FailureClass.class);
            private final Counter tokensIn;
            private final Counter tokensOut;
            private final List<Meter> meters = new ArrayList<>();
            private final Set<String> windows = ConcurrentHashMap.newKeySet();

            KeyMeters(String id) {
                this.id = id;
                successes = requests(SUCCESS);
                for (FailureClass failure : FailureClass.values()) {
                    if (failure.isKeyFailure()) {
                        failures.put(failure, requests(label(failure)));
                    }
                }
                tokensIn = tokens(IN);
                tokensOut = tokens(OUT);
                for (KeyState state : KeyState.values()) {
                    meters.add(Gauge.builder(KEY_STATE, this, k -> k.state() == state ? 1 : 0)
                            .tag(PROVIDER, provider).tag(KEY, id).tag(STATE, state.label()).strongReference(true)
                            .description("1 for the key's current state, 0 for the others").register(registry));
                }
                meters.add(Gauge.builder(KEY_HEALTH, this, KeyMeters::health)
                        .tag(PROVIDER, provider).tag(KEY, id).strongReference(true)
                        .description("The key's health score, 0 to 100").register(registry));
            }

            private Counter requests(String outcome) {
                Counter c = Counter.builder(REQUESTS).tag(PROVIDER, provider).tag(KEY, id).tag(OUTCOME, outcome)
                        .description("Upstream requests sent with the key, by how they ended").register(registry);
                meters.add(c);
                return c;
            }

            private Counter tokens(String direction) {
                Counter c = Counter.builder(TOKENS).tag(PROVIDER, provider).tag(KEY, id).tag(DIRECTION, direction)
                        .description("Tokens the provider reported for answers on the key: in (prompt), out (completion)")
                        .register(registry);
                meters.add(c);
                return c;
            }

            /** The quota gauges of a window the key's provider reported, made the first time it is seen. */
            void window(String window) {
                if (!windows.add(window)) {
                    return;
                }
                meters.add(Gauge.builder(QUOTA_REMAINING, this, k -> k.budget(window, (b, now) -> b.remainingAt(now)))
                        .tag(PROVIDER, provider).tag(KEY, id).tag(WINDOW, window).strongReference(true)
                        .description("What the provider last said is left of the key's window (its limit once the"
                                + " window reset)").register(registry));
                meters.add(Gauge.builder(QUOTA_LIMIT, this, k -> k.budget(window, (b, now) -> b.limit() > 0 ? b.limit() : Double.NaN))
                        .tag(PROVIDER, provider).tag(KEY, id).tag(WINDOW, window).strongReference(true)
                        .description("The size of the key's window, when the provider states it").register(registry));
                meters.add(Gauge.builder(QUOTA_RESET, this, k -> k.budget(window, (b, now) -> b.resetAt().toEpochMilli() / 1000.0))
                        .tag(PROVIDER, provider).tag(KEY, id).tag(WINDOW, window).strongReference(true).baseUnit("seconds")
                        .description("When the key's window starts over, seconds since the epoch").register(registry));
            }

            private double budget(String window, BudgetPart part) {
                KeyMemory m = snapshot().keys().get(id);
                Budget b = m == null ? null : m.budgets().windows().get(window);
                return b == null ? Double.NaN : part.of(b, snapshot().at());
            }

            /** The counter of an outcome; null for a caller fault, which is the request's, not the key's. */
            Counter outcome(FailureClass failure) {
                return failure == null ? successes : failures.get(failure);
            }

            KeyState state() {
                return snapshot().states().get(id);
            }

            double health() {
                KeyMemory m = snapshot().keys().get(id);
                return m == null ? Double.NaN : m.health();
            }

            void remove() {
                meters.forEach(registry::remove);
            }
        }
    }

    /** One figure of a budget, as of an instant. */
    private interface BudgetPart {
        double of(Budget b, Instant now);
    }

    private record Snapshot(Instant at, Map<String, KeyMemory> keys, Map<String, KeyState> states,
                            ProviderHealth health) {}
}
