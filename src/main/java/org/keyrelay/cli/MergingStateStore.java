package org.keyrelay.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.store.KeyStateStore;

/**
 * The state store as the offline CLI must use it: a save keeps what the file remembers of keys and providers this
 * process does not see (their environment variables may be set only where the gateway runs), and replaces the rest.
 */
final class MergingStateStore implements KeyStateStore {

    private final KeyStateStore store;

    MergingStateStore(KeyStateStore store) {
        this.store = store;
    }

    @Override
    public Map<String, List<KeyMemory>> load() {
        return store.load();
    }

    @Override
    public void save(Map<String, List<KeyMemory>> state) {
        Map<String, List<KeyMemory>> merged = new LinkedHashMap<>(store.load());
        state.forEach((provider, memories) -> {
            Map<String, KeyMemory> byId = new LinkedHashMap<>();
            merged.getOrDefault(provider, List.of()).forEach(m -> byId.put(m.id(), m));
            memories.forEach(m -> byId.put(m.id(), m));
            merged.put(provider, List.copyOf(byId.values()));
        });
        store.save(merged);
    }

    @Override
    public void close() {
        store.close();
    }
}
