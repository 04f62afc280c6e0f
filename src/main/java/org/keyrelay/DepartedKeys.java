package org.keyrelay;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keyrelay.pool.ApiKey;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.pool.Secret;

/**
 * What keys that left with a keyring edit were going through, for as long as the gateway runs: a provider or a key
 * that disappears and comes back (an edit undone, a file rewritten in two steps) gets its state back, so a cooling key
 * is still cooling and a key an operator disabled stays disabled. Only the same secret under the same id gets its
 * memory back; a new secret starts fresh.
 */
final class DepartedKeys {

    private record Departed(Secret secret, KeyMemory memory) {
    }

    private final Map<String, Map<String, Departed>> byProvider = new HashMap<>();

    /** Remembers the keys of {@code pool} named in {@code leaving} (all of them: null). */
    synchronized void remember(String providerId, KeyPool pool, List<String> leaving) {
        Map<String, Secret> secrets = new HashMap<>();
        pool.keys().forEach(k -> secrets.put(k.id(), k.secret()));
        Map<String, Departed> kept = byProvider.computeIfAbsent(providerId, p -> new HashMap<>());
        for (KeyMemory memory : pool.memories()) {
            if ((leaving == null || leaving.contains(memory.id())) && secrets.containsKey(memory.id())) {
                kept.put(memory.id(), new Departed(secrets.get(memory.id()), memory));
            }
        }
    }

    /** The memories of those of {@code keys} that left before with the same secret; they are forgotten here. */
    synchronized Map<String, KeyMemory> recall(String providerId, List<ApiKey> keys) {
        Map<String, Departed> kept = byProvider.getOrDefault(providerId, Map.of());
        Map<String, KeyMemory> back = new LinkedHashMap<>();
        for (ApiKey key : keys) {
            Departed d = kept.get(key.id());
            if (d != null && d.secret().equals(key.secret())) {
                back.put(key.id(), d.memory());
                kept.remove(key.id());
            }
        }
        return back;
    }
}
