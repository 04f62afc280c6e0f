package org.keyrelay;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.keyrelay.config.ClientToken;
import org.keyrelay.config.GatewaySettings;
import org.keyrelay.config.Keyring;
import org.keyrelay.config.ProviderConfig;
import org.keyrelay.failure.FailureClassifier;
import org.keyrelay.failure.FailurePhrases;
import org.keyrelay.pool.CooldownPolicy;
import org.keyrelay.pool.KeyEventLog;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.store.CoalescingStateWriter;
import org.keyrelay.store.KeyStateStore;

/**
 * The gateway's domain, assembled once: the providers and their pools (with remembered state restored), the
 * failure classifier, the client tokens, and the writer that keeps key state on disk. Plain Java: the Camel
 * side only reads it. It owns the store it is given: {@link #close()} closes it.
 */
public final class Gateway implements AutoCloseable {

    private final GatewaySettings settings;
    private final Keyring keyring;
    private final Map<String, Provider> providers = new LinkedHashMap<>();
    private final FailureClassifier classifier;
    private final KeyStateStore store;
    private final CoalescingStateWriter stateWriter;
    private final List<String> clientTokens;
    private final Clock clock;
    private final AtomicBoolean closed = new AtomicBoolean();

    public Gateway(GatewaySettings settings, Keyring keyring, KeyStateStore store, Clock clock) {
        this.settings = settings;
        this.keyring = keyring;
        this.clock = clock;
        this.store = store;
        this.classifier = new FailureClassifier(FailurePhrases.defaults(), clock);
        Map<String, List<KeyMemory>> remembered = store.load();
        Map<String, KeyPool> pools = new LinkedHashMap<>();
        for (ProviderConfig config : keyring.providers()) {
            KeyPool pool = new KeyPool(config.id(), config.keys(), config.strategy(),
                    new CooldownPolicy(config.keyState().cooldowns()), config.keyState().recovery(), clock);
            Map<String, KeyMemory> memories = new LinkedHashMap<>();
            remembered.getOrDefault(config.id(), List.of()).forEach(m -> memories.put(m.id(), m));
            pool.restore(memories);
            pool.subscribe(new KeyEventLog());
            providers.put(config.id(), new Provider(config, pool));
            pools.put(config.id(), pool);
        }
        this.stateWriter = new CoalescingStateWriter(store, pools, 1000);
        this.clientTokens = java.util.stream.Stream.concat(
                keyring.clients().stream().map(ClientToken::token).map(org.keyrelay.pool.Secret::reveal),
                settings.clientTokens().stream()).toList();
        if (!settings.isLoopback() && clientTokens.isEmpty()) {
            throw new IllegalStateException("Refusing to listen on " + settings.host()
                    + " without client tokens: anyone who can reach it could spend your keys. Add clients: [{id, token}] to "
                    + keyring.source() + " or set KEYRELAY_CLIENT_TOKENS, or listen on 127.0.0.1.");
        }
    }

    public Optional<Provider> provider(String id) {
        return Optional.ofNullable(providers.get(id));
    }

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

    /** Saves the key state a last time, then lets go of the store (and its lock). Only the first call does anything. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            stateWriter.close();
        } finally {
            store.close();
        }
    }
}
