package org.keyrelay.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keyrelay.pool.ApiKey;
import org.keyrelay.selection.Strategy;

/**
 * What operators changed on top of the keyring, through the admin API, the CLI, JMX or an import: the keys they
 * added and the strategy they chose, per provider. An immutable value: every change returns a new one.
 *
 * @param providers by provider id
 */
public record ManagedKeys(Map<String, Changes> providers) {

    public static final ManagedKeys EMPTY = new ManagedKeys(Map.of());

    public ManagedKeys {
        providers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(providers));
    }

    /**
     * One provider's changes.
     *
     * @param added    keys added by an operator, in the order they were added
     * @param strategy the strategy an operator chose, or null when the keyring's applies
     */
    public record Changes(List<ApiKey> added, StrategyChoice strategy) {

        static final Changes NONE = new Changes(List.of(), null);

        public Changes {
            added = List.copyOf(added);
        }

        boolean isEmpty() {
            return added.isEmpty() && strategy == null;
        }
    }

    /**
     * A strategy an operator chose, and the keyring's strategy at that moment: when the keyring names another one
     * later, the keyring was edited after the choice and wins.
     */
    public record StrategyChoice(Strategy chosen, Strategy keyringHad) {}

    public Changes changes(String provider) {
        return providers.getOrDefault(provider, Changes.NONE);
    }

    public ManagedKeys withKeyAdded(String provider, ApiKey key) {
        Changes c = changes(provider);
        List<ApiKey> added = new ArrayList<>(c.added());
        added.add(key);
        return with(provider, new Changes(added, c.strategy()));
    }

    public ManagedKeys withKeyRemoved(String provider, String keyId) {
        Changes c = changes(provider);
        List<ApiKey> added = new ArrayList<>(c.added());
        added.removeIf(k -> k.id().equals(keyId));
        return with(provider, new Changes(added, c.strategy()));
    }

    /** @param choice null to follow the keyring again */
    public ManagedKeys withStrategy(String provider, StrategyChoice choice) {
        return with(provider, new Changes(changes(provider).added(), choice));
    }

    public boolean isAdded(String provider, String keyId) {
        return changes(provider).added().stream().anyMatch(k -> k.id().equals(keyId));
    }

    private ManagedKeys with(String provider, Changes changes) {
        Map<String, Changes> next = new LinkedHashMap<>(providers);
        if (changes.isEmpty()) {
            next.remove(provider);
        } else {
            next.put(provider, changes);
        }
        return new ManagedKeys(next);
    }
}
