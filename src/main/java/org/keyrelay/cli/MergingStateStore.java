package org.keyrelay.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keyrelay.pool.KeyChoice;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.store.KeyStateStore;
import org.keyrelay.store.SavedState;

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
        saveState(new SavedState(state, store.loadState().choices()));
    }

    @Override
    public SavedState loadState() {
        return store.loadState();
    }

    /** Keeps what the file holds of unseen keys and providers, their chosen keys included. */
    @Override
    public void saveState(SavedState state) {
        SavedState old = store.loadState();
        Map<String, List<KeyMemory>> merged = new LinkedHashMap<>(old.keys());
        state.keys().forEach((provider, memories) -> {
            Map<String, KeyMemory> byId = new LinkedHashMap<>();
            merged.getOrDefault(provider, List.of()).forEach(m -> byId.put(m.id(), m));
            memories.forEach(m -> byId.put(m.id(), m));
            merged.put(provider, List.copyOf(byId.values()));
        });
        Map<String, KeyChoice> choices = new LinkedHashMap<>(old.choices());
        state.keys().keySet().forEach(choices::remove); // a provider this process sees: its choice as it is now
        choices.putAll(state.choices());
        store.saveState(new SavedState(merged, choices));
    }

    @Override
    public void close() {
        store.close();
    }
}
