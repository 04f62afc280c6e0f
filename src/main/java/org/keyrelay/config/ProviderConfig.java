package org.keyrelay.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.keyrelay.failure.FailurePhrases;
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
 * @param keyState     cooldown defaults, fail window, recovery and session affinity
 * @param caFile       extra CA certificates (PEM) the upstream's TLS certificate may chain to, besides the JDK's; or null
 * @param phrases      failure phrases the keyring adds to the built-in ones ({@code phrases:}); none by default
 */
public record ProviderConfig(String id, URI upstream, AuthStyle auth, Strategy strategy, Integer maxRotations,
                             Duration maxWait, String envKeys, List<ApiKey> keys, KeyStateSettings keyState,
                             Path caFile, FailurePhrases phrases) {

    public static final FailurePhrases NO_PHRASES = new FailurePhrases(List.of(), List.of(), List.of(), List.of());

    public ProviderConfig {
        keys = List.copyOf(keys);
        keyState = keyState == null ? KeyStateSettings.defaults() : keyState;
        phrases = phrases == null ? NO_PHRASES : phrases;
    }

    /** A provider with no failure phrases of its own. */
    public ProviderConfig(String id, URI upstream, AuthStyle auth, Strategy strategy, Integer maxRotations,
                          Duration maxWait, String envKeys, List<ApiKey> keys, KeyStateSettings keyState,
                          Path caFile) {
        this(id, upstream, auth, strategy, maxRotations, maxWait, envKeys, keys, keyState, caFile, NO_PHRASES);
    }

    /** A provider that trusts the JDK's certificate authorities only. */
    public ProviderConfig(String id, URI upstream, AuthStyle auth, Strategy strategy, Integer maxRotations,
                          Duration maxWait, String envKeys, List<ApiKey> keys, KeyStateSettings keyState) {
        this(id, upstream, auth, strategy, maxRotations, maxWait, envKeys, keys, keyState, null);
    }

    /** A provider with the default key-state rules. */
    public ProviderConfig(String id, URI upstream, AuthStyle auth, Strategy strategy, Integer maxRotations,
                          Duration maxWait, String envKeys, List<ApiKey> keys) {
        this(id, upstream, auth, strategy, maxRotations, maxWait, envKeys, keys, KeyStateSettings.defaults());
    }

    public int rotationsAllowed(int poolSize) {
        return maxRotations != null ? maxRotations : Math.max(0, poolSize - 1);
    }
}
