package org.keyrelay.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.keyrelay.failure.FailurePhrases;
import org.keyrelay.http.AuthStyle;
import org.keyrelay.pool.ApiKey;
import org.keyrelay.selection.Strategy;
import org.keyrelay.usage.UsagePoll;

/**
 * One provider of the keyring.
 *
 * @param id           the path prefix: requests to /ID/... go to this provider
 * @param upstream     base URL; the rest of the path and the query are appended
 * @param maxRotations key switches within one request; null means pool size - 1
 * @param maxWait      how long a request may wait for a cooling key
 * @param keyState     cooldown defaults, fail window, recovery and session affinity
 * @param caFile       extra CA certificates (PEM) the upstream's TLS certificate may chain to, besides the JDK's; or null
 * @param usage        the usage poll of each key ({@code usage:}); null: none
 * @param phrases      failure phrases the keyring adds to the built-in ones ({@code phrases:}); none by default
 * @param timeouts     the upstream timeouts the keyring sets for this provider (the gateway's for the others)
 * @param startKey     the key the provider starts on ({@code startKey:}; see {@link org.keyrelay.pool.KeyChoice}),
 *                     or null: the strategy picks
 */
public record ProviderConfig(String id, URI upstream, AuthStyle auth, Strategy strategy, Integer maxRotations,
                             Duration maxWait, String envKeys, List<ApiKey> keys, KeyStateSettings keyState,
                             Path caFile, UsagePoll usage, FailurePhrases phrases,
                             TimeoutSettings timeouts, String startKey) {

    public static final FailurePhrases NO_PHRASES = new FailurePhrases(List.of(), List.of(), List.of(), List.of());

    public ProviderConfig {
        keys = List.copyOf(keys);
        keyState = keyState == null ? KeyStateSettings.defaults() : keyState;
        timeouts = timeouts == null ? TimeoutSettings.NONE : timeouts;
        phrases = phrases == null ? NO_PHRASES : phrases;
    }

    /** A provider without a startKey. */
    public ProviderConfig(String id, URI upstream, AuthStyle auth, Strategy strategy, Integer maxRotations,
                          Duration maxWait, String envKeys, List<ApiKey> keys, KeyStateSettings keyState,
                          Path caFile, UsagePoll usage, FailurePhrases phrases, TimeoutSettings timeouts) {
        this(id, upstream, auth, strategy, maxRotations, maxWait, envKeys, keys, keyState, caFile, usage, phrases,
                timeouts, null);
    }

    /** A provider without a usage poll, with the gateway's upstream timeouts. */
    public ProviderConfig(String id, URI upstream, AuthStyle auth, Strategy strategy, Integer maxRotations,
                          Duration maxWait, String envKeys, List<ApiKey> keys, KeyStateSettings keyState, Path caFile) {
        this(id, upstream, auth, strategy, maxRotations, maxWait, envKeys, keys, keyState, caFile, null, null, null);
    }

    /** A provider that trusts the JDK's certificate authorities only, without a usage poll. */
    public ProviderConfig(String id, URI upstream, AuthStyle auth, Strategy strategy, Integer maxRotations,
                          Duration maxWait, String envKeys, List<ApiKey> keys, KeyStateSettings keyState) {
        this(id, upstream, auth, strategy, maxRotations, maxWait, envKeys, keys, keyState, null, null, null, null);
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
