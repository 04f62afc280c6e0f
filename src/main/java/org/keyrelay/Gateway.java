package org.keyrelay;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.keyrelay.config.ClientToken;
import org.keyrelay.config.GatewaySettings;
import org.keyrelay.config.Keyring;
import org.keyrelay.config.ProviderConfig;
import org.keyrelay.failure.FailureClassifier;
import org.keyrelay.failure.FailurePhrases;
import org.keyrelay.pool.ApiKey;
import org.keyrelay.pool.CooldownPolicy;
import org.keyrelay.pool.KeyEventLog;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.pool.Secret;
import org.keyrelay.pool.SharedKeyState;
import org.keyrelay.selection.Strategy;
import org.keyrelay.store.CoalescingStateWriter;
import org.keyrelay.store.KeyStateStore;
import org.keyrelay.store.ManagedKeys;
import org.keyrelay.store.ManagedKeysFile;
import org.keyrelay.store.SavedState;
import org.keyrelay.store.StoreStatus;

/**
 * The gateway's domain: the providers and their pools (with remembered state restored), the failure classifier,
 * the client tokens, and the writer that keeps key state on disk. Plain Java: the Camel side only reads it.
 * <p>
 * A pool holds the keyring's keys plus the keys operators added (kept in {@code keys.json}); an operator's strategy
 * choice wins until the keyring names a different strategy than it did when the choice was made. A reloaded keyring
 * ({@link #reload}) replaces configurations and key lists in place: pools, and the state of every key they keep,
 * stay. Changes are serialised on this object; readers see a consistent snapshot without locking.
 * <p>
 * Each pool follows its provider's key-state rules (cooldown defaults, fail window, recovery: the keyring's
 * {@code failWindow}, {@code cooldowns}, {@code recovery}); a reload applies changed rules to the kept pool. It owns the
 * store it is given: {@link #close()} saves a last time and closes it (letting go of the file store's lock).
 * <p>
 * With a shared store ({@code --state redis://...}) every pool shares its keys' state with the other instances through
 * the store's {@link SharedKeyState}; a pool that appears with a reload, or gets keys, pulls what is shared for them.
 */
public final class Gateway implements AutoCloseable {

    /** Hears about providers that appear or leave with a keyring reload. */
    public interface ProviderListener {
        void added(Provider provider);

        void removed(Provider provider);
    }

    private final GatewaySettings settings;
    private final FailureClassifier classifier;
    private final KeyStateStore store;
    private final SharedKeyState shared;
    private final CoalescingStateWriter stateWriter;
    private final ManagedKeysFile managedFile;
    private final Clock clock;
    private final Map<String, KeyPool> pools = new ConcurrentHashMap<>();
    private final List<ProviderListener> listeners = new CopyOnWriteArrayList<>();
    private final DepartedKeys departed = new DepartedKeys();
    private volatile Keyring keyring;
    private volatile Map<String, Provider> providers;
    private volatile List<String> clientTokens;
    private ManagedKeys managed;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final UsagePolls usagePolls;

    public Gateway(GatewaySettings settings, Keyring keyring, KeyStateStore store, Clock clock) {
        this(settings, keyring, store, null, clock);
    }

    /** @param managedFile where operator-added keys are kept; null keeps them in memory only */
    public Gateway(GatewaySettings settings, Keyring keyring, KeyStateStore store, ManagedKeysFile managedFile,
                   Clock clock) {
        this.settings = settings;
        this.keyring = keyring;
        this.clock = clock;
        this.managedFile = managedFile;
        this.managed = managedFile == null ? ManagedKeys.EMPTY : managedFile.load();
        this.classifier = new FailureClassifier(FailurePhrases.defaults(), clock);
        this.store = store;
        this.shared = store.sharedState();
        this.clientTokens = tokens(keyring, settings);
        SavedState saved = store.loadState();
        Map<String, List<KeyMemory>> remembered = saved.keys();
        Map<String, Provider> built = new LinkedHashMap<>();
        for (ProviderConfig config : keyring.providers()) {
            KeyPool pool = newPool(config);
            Map<String, KeyMemory> memories = new LinkedHashMap<>();
            remembered.getOrDefault(config.id(), List.of()).forEach(m -> memories.put(m.id(), m));
            pool.restore(memories);
            pool.restoreChoice(saved.choice(config.id()));
            pool.startOn(config.startKey());
            built.put(config.id(), new Provider(config, pool));
            pools.put(config.id(), pool);
        }
        this.providers = Collections.unmodifiableMap(built);
        this.stateWriter = new CoalescingStateWriter(store, pools, 1000);
        store.startSharing(Collections.unmodifiableMap(pools));
        this.usagePolls = new UsagePolls(this::providers, clock, UsagePolls.DEFAULT_TIMEOUT).start();
    }

    /** The usage polls of the providers with a {@code usage:} block (their counts). */
    public UsagePolls usagePolls() {
        return usagePolls;
    }

    public Optional<Provider> provider(String id) {
        return Optional.ofNullable(providers.get(id));
    }

    /** The providers now, in keyring order (a snapshot: a reload replaces it). */
    public Map<String, Provider> providers() {
        return providers;
    }

    public FailureClassifier classifier() {
        return classifier;
    }

    public GatewaySettings settings() {
        return settings;
    }

    public Keyring keyring() {
        return keyring;
    }

    public Clock clock() {
        return clock;
    }

    /** The access tokens clients must present; empty means the gateway is open (loopback only). */
    public List<String> clientTokens() {
        return clientTokens;
    }

    public CoalescingStateWriter stateWriter() {
        return stateWriter;
    }

    /**
     * How the key-state store is doing: reachable, and how many of its operations failed
     * ({@code keyrelay_state_store_errors_total}); a file store always answers.
     */
    public StoreStatus stateStoreStatus() {
        return store.status();
    }

    public void subscribe(ProviderListener listener) {
        listeners.add(listener);
    }

    /** Whether {@code keyId} was added by an operator (and so may be removed by one), not taken from the keyring. */
    public synchronized boolean isAddedKey(String providerId, String keyId) {
        return managed.isAdded(providerId, keyId);
    }

    /**
     * Adds an operator's key to a provider's pool, and to keys.json first, so a failed write changes nothing.
     *
     * @return false (and nothing changed) when the pool already has that id or that secret
     */
    public synchronized boolean addKey(String providerId, ApiKey key) {
        KeyPool pool = existing(providerId).pool();
        if (pool.keys().stream().anyMatch(k -> k.id().equals(key.id()) || k.secret().equals(key.secret()))) {
            return false;
        }
        save(managed.withKeyAdded(providerId, key));
        pool.addKey(key);
        shared.pull(pool);
        return true;
    }

    /** Removes a key an operator added; false (and nothing changed) for a keyring key or an unknown one. */
    public synchronized boolean removeAddedKey(String providerId, String keyId) {
        if (!managed.isAdded(providerId, keyId)) {
            return false;
        }
        KeyPool pool = existing(providerId).pool();
        save(managed.withKeyRemoved(providerId, keyId));
        pool.removeKey(keyId);
        return true;
    }

    /** An operator's strategy for a provider; kept until the keyring names another one. */
    public synchronized void chooseStrategy(String providerId, Strategy strategy) {
        Provider provider = existing(providerId);
        Strategy keyringHas = provider.config().strategy();
        save(managed.withStrategy(providerId, strategy == keyringHas ? null
                : new ManagedKeys.StrategyChoice(strategy, keyringHas)));
        provider.pool().setStrategy(strategy);
    }

    /**
     * Applies an edited keyring without a restart. Kept providers keep their pools: their keys keep their state
     * (a key whose secret changed under the same id starts fresh), new keys start fresh, missing ones leave.
     * A provider that left stops getting requests (404) at once; requests already on it finish on its keys. A provider
     * or key that comes back later in the gateway's lifetime gets back the state it left with ({@link DepartedKeys}).
     *
     * @return one line per change, for the log
     * @throws IllegalStateException when the new keyring would be unsafe (no client tokens off loopback)
     */
    public synchronized List<String> reload(Keyring next) {
        List<String> newTokens = tokens(next, settings);
        List<String> changes = new ArrayList<>();
        Map<String, Provider> before = providers;
        Map<String, Provider> after = new LinkedHashMap<>();
        List<Provider> added = new ArrayList<>();
        for (ProviderConfig config : next.providers()) {
            Provider old = before.get(config.id());
            if (old == null) {
                Provider fresh = new Provider(config, newPool(config));
                fresh.pool().restore(departed.recall(config.id(), fresh.pool().keys()));
                fresh.pool().startOn(config.startKey());
                after.put(config.id(), fresh);
                added.add(fresh);
                changes.add("provider " + config.id() + " added (" + fresh.pool().size() + " keys)");
                continue;
            }
            changes.addAll(update(old, config));
            after.put(config.id(), new Provider(config, old.pool()));
        }
        List<Provider> removed = before.values().stream().filter(p -> !after.containsKey(p.id())).toList();
        removed.forEach(p -> changes.add("provider " + p.id() + " removed: new requests get 404, requests in flight finish"));
        if (!clientTokens.equals(newTokens)) {
            changes.add("client tokens: " + newTokens.size() + " (were " + clientTokens.size() + ")");
        }
        if (next.maxBodyBytes() != keyring.maxBodyBytes()) {
            changes.add("maxBodyBytes: " + next.maxBodyBytes() + " (was " + keyring.maxBodyBytes() + ")");
        }
        added.forEach(p -> {
            pools.put(p.id(), p.pool());
            p.pool().subscribe(event -> stateWriter.markDirty());
            shared.pull(p.pool());
        });
        removed.forEach(p -> {
            departed.remember(p.id(), p.pool(), null);
            pools.remove(p.id());
        });
        keyring = next;
        clientTokens = newTokens;
        providers = Collections.unmodifiableMap(after);
        stateWriter.markDirty();
        removed.forEach(p -> listeners.forEach(l -> l.removed(p)));
        added.forEach(p -> listeners.forEach(l -> l.added(p)));
        return changes;
    }

    private List<String> update(Provider old, ProviderConfig config) {
        List<String> changes = new ArrayList<>();
        KeyPool pool = old.pool();
        List<ApiKey> keys = keysOf(config);
        List<String> renewed = new ArrayList<>();
        Map<String, ApiKey> had = new LinkedHashMap<>();
        pool.keys().forEach(k -> had.put(k.id(), k));
        for (ApiKey k : keys) {
            ApiKey previous = had.get(k.id());
            if (previous == null) {
                changes.add(config.id() + ": key " + k.id() + " added");
            } else if (!previous.secret().equals(k.secret())) {
                renewed.add(k.id());
                changes.add(config.id() + ": key " + k.id() + " has a new secret: it starts with fresh state");
            }
        }
        List<String> leaving = had.keySet().stream().filter(id -> keys.stream().noneMatch(k -> k.id().equals(id))).toList();
        leaving.forEach(id -> changes.add(config.id() + ": key " + id + " removed"));
        departed.remember(config.id(), pool, leaving);
        Map<String, KeyMemory> returning = departed.recall(config.id(),
                keys.stream().filter(k -> !had.containsKey(k.id())).toList());
        synchronized (pool) { // the pool's own lock: no request sees a renewed key's old state or a returning key's fresh one
            renewed.forEach(pool::removeKey);
            pool.replaceKeys(keys);
            pool.restore(returning);
        }
        // shared state goes by key id: a renewed key's old cooldowns and health are cleared there too (as a reset)
        renewed.forEach(pool::reset);
        shared.pull(pool);
        if (pool.startOn(config.startKey())) {
            changes.add(config.id() + ": starts on key " + config.startKey() + " (startKey)");
        }
        if (config.strategy() != old.config().strategy()) {
            if (managed.changes(config.id()).strategy() != null) {
                save(managed.withStrategy(config.id(), null));
            }
            pool.setStrategy(config.strategy());
            changes.add(config.id() + ": strategy " + config.strategy().configName());
        }
        if (!config.keyState().cooldowns().equals(old.config().keyState().cooldowns())
                || !config.keyState().recovery().equals(old.config().keyState().recovery())) {
            pool.applyRules(new CooldownPolicy(config.keyState().cooldowns()), config.keyState().recovery());
            changes.add(config.id() + ": key-state rules updated (failWindow, cooldowns, recovery)");
        }
        if (!config.keyState().affinity().equals(old.config().keyState().affinity())) {
            changes.add(config.id() + ": affinity " + config.keyState().affinity().configName());
        }
        if (!config.upstream().equals(old.config().upstream()) || !config.auth().equals(old.config().auth())
                || !config.maxWait().equals(old.config().maxWait())
                || !java.util.Objects.equals(config.maxRotations(), old.config().maxRotations())) {
            changes.add(config.id() + ": settings updated (upstream " + config.upstream() + ", auth "
                    + config.auth().configName() + ", maxWait " + config.maxWait() + ")");
        }
        return changes;
    }

    private KeyPool newPool(ProviderConfig config) {
        KeyPool pool = new KeyPool(config.id(), keysOf(config), strategyOf(config),
                new CooldownPolicy(config.keyState().cooldowns()), config.keyState().recovery(), clock, shared);
        pool.subscribe(new KeyEventLog(clock));
        return pool;
    }

    /** The keyring's keys, then the operator's (skipping any whose id or secret the keyring already has). */
    private List<ApiKey> keysOf(ProviderConfig config) {
        List<ApiKey> keys = new ArrayList<>(config.keys());
        for (ApiKey k : managed.changes(config.id()).added()) {
            boolean clash = keys.stream().anyMatch(have -> have.id().equals(k.id()) || have.secret().equals(k.secret()));
            if (!clash) {
                keys.add(k);
            }
        }
        return keys;
    }

    private Strategy strategyOf(ProviderConfig config) {
        ManagedKeys.StrategyChoice choice = managed.changes(config.id()).strategy();
        return choice != null && choice.keyringHad() == config.strategy() ? choice.chosen() : config.strategy();
    }

    private Provider existing(String providerId) {
        Provider p = providers.get(providerId);
        if (p == null) {
            throw new IllegalArgumentException("no provider '" + providerId + "'");
        }
        return p;
    }

    private void save(ManagedKeys next) {
        if (managedFile != null) {
            managedFile.save(next);
        }
        managed = next;
    }

    private static List<String> tokens(Keyring keyring, GatewaySettings settings) {
        List<String> tokens = Stream.concat(
                keyring.clients().stream().map(ClientToken::token).map(Secret::reveal),
                settings.clientTokens().stream()).toList();
        if (!settings.isLoopback() && tokens.isEmpty()) {
            throw new IllegalStateException("Refusing to listen on " + settings.host()
                    + " without client tokens: anyone who can reach it could spend your keys. Add clients: [{id, token}] to "
                    + keyring.source() + " or set KEYRELAY_CLIENT_TOKENS, or listen on 127.0.0.1.");
        }
        return tokens;
    }

    /** Saves the key state a last time, then lets go of the store (and its lock). Only the first call does anything. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            usagePolls.close();
            stateWriter.close();
        } finally {
            store.close();
        }
    }
}
