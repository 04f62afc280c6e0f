package org.keyrelay.store.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.pool.KeyPool;
import org.keyrelay.pool.SharedKeyState;
import org.keyrelay.store.KeyStateStore;
import org.keyrelay.store.SavedState;
import org.keyrelay.store.StoreStatus;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Key state shared through Redis ({@code --state redis://host:port/db}), with the instance's own state file kept as
 * before, under its lock: Redis is what the instances share and learn from at once ({@link RedisSharedState}); the
 * file is this instance's own copy, so it starts with its last view even when Redis cannot be reached.
 * <p>
 * {@link #load()} takes Redis's state of each key, and the file's for a key Redis does not know (or all of the file
 * when Redis does not answer). {@link #save} writes the file (the gateway's coalesced writes); the shared state goes to
 * Redis as it changes, through the pools.
 * <p>
 * The key chosen for a provider ({@code keys use}, {@code keys rotate}, {@code startKey}) is per instance, kept in the
 * instance's own file and not in Redis: an operator's {@code use} reaches the one gateway it was sent to (as it does
 * while it runs), and instances that share keys need not share which one each sends its next request to (with
 * round-robin they take turns from a shared counter anyway). So a restart brings back this instance's choice.
 */
public final class RedisKeyStateStore implements KeyStateStore {

    private final KeyStateStore local;
    private final RedisSharedState shared;

    /** @param local this instance's own store (the file store, held as owner); closed with this one */
    public RedisKeyStateStore(RedisLocation location, String origin, KeyStateStore local) {
        this.local = local;
        this.shared = new RedisSharedState(location, origin);
    }

    @Override
    public Map<String, List<KeyMemory>> load() {
        return loadState().keys();
    }

    /**
     * Redis's memory of each key (with this instance's last use and failure of it, which Redis does not keep), the
     * file's for the others; the chosen keys are this instance's own, from its file (see the class comment).
     */
    @Override
    public SavedState loadState() {
        SavedState own = local.loadState();
        Map<String, List<KeyMemory>> fromRedis;
        try {
            fromRedis = shared.loadAll();
        } catch (JedisException e) {
            shared.failedAtStart(e);
            return own;
        }
        Map<String, List<KeyMemory>> merged = new LinkedHashMap<>();
        own.keys().forEach((provider, memories) -> {
            Map<String, KeyMemory> byId = new LinkedHashMap<>();
            memories.forEach(m -> byId.put(m.id(), m));
            fromRedis.getOrDefault(provider, List.of()).forEach(m -> byId.merge(m.id(), m,
                    (file, redis) -> redis.withActivityOf(file)));
            merged.put(provider, new ArrayList<>(byId.values()));
        });
        fromRedis.forEach(merged::putIfAbsent);
        return new SavedState(merged, own.choices());
    }

    @Override
    public void save(Map<String, List<KeyMemory>> state) {
        local.save(state);
    }

    @Override
    public void saveState(SavedState state) {
        local.saveState(state);
    }

    @Override
    public SharedKeyState sharedState() {
        return shared;
    }

    @Override
    public void startSharing(Map<String, KeyPool> pools) {
        shared.start(pools);
    }

    @Override
    public StoreStatus status() {
        return shared.status();
    }

    @Override
    public void close() {
        try {
            shared.close();
        } finally {
            local.close();
        }
    }
}
