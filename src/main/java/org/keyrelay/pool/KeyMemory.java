package org.keyrelay.pool;

import java.time.Instant;
import java.util.Map;
import org.keyrelay.failure.FailureClass;

/**
 * What the pool remembers of one key, without its secret: the part that survives a restart.
 *
 * @param until   end of the cooldown (COOLING) or the next probe (INVALID); null otherwise
 * @param cause   the failure class that put the key out, or null
 * @param reason  a short human reason, never a secret
 */
public record KeyMemory(String id, KeyState state, Instant until, FailureClass cause, String reason, int health,
                        int consecutiveRateLimits, Map<String, Instant> modelCooldowns,
                        long requests, long successes, Map<FailureClass, Long> failures) {

    public KeyMemory {
        modelCooldowns = Map.copyOf(modelCooldowns);
        failures = Map.copyOf(failures);
    }
}
