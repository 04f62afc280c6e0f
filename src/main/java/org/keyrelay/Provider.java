package org.keyrelay;

import org.keyrelay.config.ProviderConfig;
import org.keyrelay.pool.KeyPool;

/** A provider as the gateway serves it: its configuration and its live key pool. */
public record Provider(ProviderConfig config, KeyPool pool) {

    public String id() {
        return config.id();
    }

    public int rotationsAllowed() {
        return config.rotationsAllowed(pool.size());
    }
}
