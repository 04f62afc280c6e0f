package org.keyrelay.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.keyrelay.http.AuthStyle;
import org.keyrelay.pool.ApiKey;
import org.keyrelay.selection.Strategy;

/**
 * One provider of the keyring.
 *
 * @param id           the path prefix: requests to /ID/... go to this provider
 * @param upstream     base URL; the rest of the path and the query are appended
 * @param maxRotations key switches within one request; null means pool size - 1
 * @param maxWait      how long a request may wait for a cooling key
 */
public record ProviderConfig(String id, URI upstream, AuthStyle auth, Strategy strategy, Integer maxRotations,
                             Duration maxWait, String envKeys, List<ApiKey> keys) {

    public ProviderConfig {
        keys = List.copyOf(keys);
    }

    public int rotationsAllowed(int poolSize) {
        return maxRotations != null ? maxRotations : Math.max(0, poolSize - 1);
    }
}
