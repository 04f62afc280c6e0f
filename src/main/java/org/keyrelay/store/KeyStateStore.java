package org.keyrelay.store;

import java.util.List;
import java.util.Map;
import org.keyrelay.pool.KeyMemory;

/**
 * Where key state lives between runs: per provider, the memory of each key, never a secret. The file store
 * ({@link FileKeyStateStore}) is the default; whoever opens a store closes it (a store may hold a lock).
 */
public interface KeyStateStore extends AutoCloseable {

    /** Everything remembered, by provider id; empty when nothing was saved yet. */
    Map<String, List<KeyMemory>> load();

    /** Replaces what is remembered with {@code state}, atomically. */
    void save(Map<String, List<KeyMemory>> state);

    /** Lets go of what the store holds (the file store's lock); nothing by default. */
    @Override
    default void close() {
    }
}
