package org.keyrelay.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.keyrelay.pool.KeyChoice;
import org.keyrelay.pool.KeyMemory;
import org.keyrelay.pool.KeyPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves the pools' state at most once per period, and only when something changed: a burst of requests costs
 * one write, and a power cut loses at most the last period (one second by default). {@link #flush()} writes now.
 */
public final class CoalescingStateWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CoalescingStateWriter.class);

    private final KeyStateStore store;
    private final Map<String, KeyPool> pools;
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "keyrelay-state-writer");
        t.setDaemon(true);
        return t;
    });

    public CoalescingStateWriter(KeyStateStore store, Map<String, KeyPool> pools, long periodMillis) {
        this.store = store;
        this.pools = pools;
        pools.values().forEach(pool -> pool.subscribe(event -> dirty.set(true)));
        scheduler.scheduleWithFixedDelay(this::writeIfDirty, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    public void markDirty() {
        dirty.set(true);
    }

    private synchronized void writeIfDirty() {
        if (dirty.compareAndSet(true, false)) {
            try {
                store.saveState(snapshot());
            } catch (RuntimeException e) {
                dirty.set(true);
                LOG.warn("Saving key state failed, will retry: {}", e.getMessage());
            }
        }
    }

    /** Writes the current state now, whatever the schedule. */
    public synchronized void flush() {
        dirty.set(false);
        store.saveState(snapshot());
    }

    private SavedState snapshot() {
        Map<String, List<KeyMemory>> state = new LinkedHashMap<>();
        Map<String, KeyChoice> choices = new LinkedHashMap<>();
        pools.forEach((id, pool) -> {
            state.put(id, pool.memories());
            choices.put(id, pool.choice());
        });
        return new SavedState(state, choices);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        flush();
    }
}
