package org.keyrelay.store;

import java.util.List;
import java.util.Map;
import org.keyrelay.pool.KeyMemory;

/** Where key state lives between runs: per provider, the memory of each key, never a secret. */
public interface KeyStateStore {

    /** Everything remembered, by provider id; empty when nothing was saved yet. */
    Map<String, List<KeyMemory>> load();

    /** Replaces what is remembered with {@code state}, atomically. */
    void save(Map<String, List<KeyMemory>> state);
}
