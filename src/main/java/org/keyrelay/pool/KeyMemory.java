package org.keyrelay.pool;

import java.time.Instant;
import java.util.Map;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.usage.Budgets;

/**
 * What the pool remembers of one key, without its secret: the part that survives a restart.
 *
 * @param until       end of the cooldown (COOLING) or the next probe (INVALID); null otherwise
 * @param cause       the failure class that put the key out, or null
 * @param reason      a short human reason, never a secret
 * @param health      the health score (0-100) as of when this memory was taken
 * @param healthSince when the current recovery period of a penalised key began (see {@link Health}); null at
 *                    full health
 * @param usage       requests per day and token totals
 * @param budgets     what the provider last said is left of each of the key's limits
 * @param lastUsed    when a request was last sent with the key; null: never (or not known)
 * @param lastFailure the key's most recent failure; null: none (or not known)
 */
public record KeyMemory(String id, KeyState state, Instant until, FailureClass cause, String reason, int health,
                        int consecutiveRateLimits, Map<String, Instant> modelCooldowns,
                        long requests, long successes, Map<FailureClass, Long> failures,
                        Instant healthSince, KeyUsage usage, Budgets budgets, Instant lastUsed,
                        LastFailure lastFailure) {

    public KeyMemory {
        modelCooldowns = Map.copyOf(modelCooldowns);
        failures = Map.copyOf(failures);
        usage = usage == null ? KeyUsage.NONE : usage;
        budgets = budgets == null ? Budgets.NONE : budgets;
    }

    /** A memory without last use or failure (as files before they were kept held). */
    public KeyMemory(String id, KeyState state, Instant until, FailureClass cause, String reason, int health,
                     int consecutiveRateLimits, Map<String, Instant> modelCooldowns,
                     long requests, long successes, Map<FailureClass, Long> failures,
                     Instant healthSince, KeyUsage usage, Budgets budgets) {
        this(id, state, until, cause, reason, health, consecutiveRateLimits, modelCooldowns, requests, successes,
                failures, healthSince, usage, budgets, null, null);
    }

    /** This memory with the last use and failure of {@code other} where it knows none (a store that does not keep them). */
    public KeyMemory withActivityOf(KeyMemory other) {
        return new KeyMemory(id, state, until, cause, reason, health, consecutiveRateLimits, modelCooldowns, requests,
                successes, failures, healthSince, usage, budgets, lastUsed != null ? lastUsed : other.lastUsed,
                lastFailure != null ? lastFailure : other.lastFailure);
    }

    /** A memory without budgets (as files before usage-aware keys held). */
    public KeyMemory(String id, KeyState state, Instant until, FailureClass cause, String reason, int health,
                     int consecutiveRateLimits, Map<String, Instant> modelCooldowns,
                     long requests, long successes, Map<FailureClass, Long> failures,
                     Instant healthSince, KeyUsage usage) {
        this(id, state, until, cause, reason, health, consecutiveRateLimits, modelCooldowns, requests, successes,
                failures, healthSince, usage, Budgets.NONE);
    }

    /** A memory without recovery instant or usage (as files of the first format held). */
    public KeyMemory(String id, KeyState state, Instant until, FailureClass cause, String reason, int health,
                     int consecutiveRateLimits, Map<String, Instant> modelCooldowns,
                     long requests, long successes, Map<FailureClass, Long> failures) {
        this(id, state, until, cause, reason, health, consecutiveRateLimits, modelCooldowns, requests, successes,
                failures, null, KeyUsage.NONE);
    }
}
