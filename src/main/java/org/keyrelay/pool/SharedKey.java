package org.keyrelay.pool;

import java.time.Instant;
import java.util.Map;
import org.keyrelay.failure.FailureClass;

/**
 * A key's shared state as the shared store holds it after a change (never a secret), for {@link KeyPool#applyShared}.
 *
 * @param revision orders the shared store's changes of this key: a pool ignores one older than the last it applied
 * @param origin   the instance whose change this was (for logs)
 */
public record SharedKey(String provider, String keyId, long revision, String origin, KeyState state, Instant until,
                        FailureClass cause, String reason, int health, Instant healthSince, int streak,
                        Map<String, Instant> modelCooldowns) {

    public SharedKey {
        modelCooldowns = Map.copyOf(modelCooldowns);
    }
}
