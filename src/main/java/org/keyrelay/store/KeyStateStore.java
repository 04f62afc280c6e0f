package org.keyrelay.store;

import java.util.List;
import java.util.Map;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.pool.SharedKeyState;

/**
 * Where key state lives between runs: per provider, the memory of each key, never a secret. The file store
 * ({@link FileKeyStateStore}) is the default; whoever opens a store closes it (a store may hold a lock).
 */
public interface KeyStateStore extends AutoCloseable {

    /** Everything remembered, by provider id; empty when nothing was saved yet. */
    Map<String, List<KeyMemory>> load();

    /** Replaces what is remembered with {@code state}, atomically. */
    void save(Map<String, List<KeyMemory>> state);

    /** Everything remembered: the keys' memories and each provider's chosen key; a store that keeps no choice: none. */
    default SavedState loadState() {
        return SavedState.of(load());
    }

    /** Replaces everything remembered, the chosen keys included, atomically; a store that keeps no choice: the keys. */
    default void saveState(SavedState state) {
        save(state.keys());
    }

    /**
     * What pools share with other gateway instances through this store, given to each pool when it is built;
     * {@link SharedKeyState#LOCAL} (nothing shared) for a store of one gateway, like the file store.
     */
    default SharedKeyState sharedState() {
        return SharedKeyState.LOCAL;
    }

    /**
     * Starts sharing for the gateway's pools, once they are built and restored ({@code pools}: by provider id, a live
     * view that follows keyring reloads); nothing for a store of one gateway.
     */
    default void startSharing(Map<String, KeyPool> pools) {
    }

    /** How the store is doing; a local store is always reachable and counts no errors. */
    default StoreStatus status() {
        return new StoreStatus("file", toString(), true, 0);
    }

    /** Lets go of what the store holds (the file store's lock); nothing by default. */
    @Override
    default void close() {
    }
}
