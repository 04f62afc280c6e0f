package org.keyrelay.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keyrelay.pool.KeyChoice;
import org.keyrelay.pool.KeyMemory;

/**
 * Everything a key-state store keeps, by provider id: each key's memory, and the key chosen for each provider
 * ({@link KeyChoice}; a provider without one is absent). Never a secret.
 */
public record SavedState(Map<String, List<KeyMemory>> keys, Map<String, KeyChoice> choices) {

    public static final SavedState EMPTY = new SavedState(Map.of(), Map.of());

    public SavedState {
        keys = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        Map<String, KeyChoice> chosen = new LinkedHashMap<>();
        choices.forEach((provider, c) -> {
            if (c != null && !c.isNone()) {
                chosen.put(provider, c);
            }
        });
        choices = java.util.Collections.unmodifiableMap(chosen);
    }

    /** Key memories only, no choice (a store that keeps none, or a caller that changes none). */
    public static SavedState of(Map<String, List<KeyMemory>> keys) {
        return new SavedState(keys, Map.of());
    }

    public KeyChoice choice(String provider) {
        return choices.getOrDefault(provider, KeyChoice.NONE);
    }
}
