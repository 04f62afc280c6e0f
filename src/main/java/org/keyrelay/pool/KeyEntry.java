package org.keyrelay.pool;

import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.keyrelay.failure.FailureClass;

/** The mutable memory of one key. Only {@link KeyPool} touches it, under the pool's lock. */
final class KeyEntry {

    static final int FULL_HEALTH = 100;

    final ApiKey key;
    final int position;
    KeyState state = KeyState.ACTIVE;
    Instant until;
    FailureClass cause;
    String reason;
    int health = FULL_HEALTH;
    int consecutiveRateLimits;
    final Map<String, Instant> modelCooldowns = new HashMap<>();
    int inFlight;
    long requests;
    long successes;
    final Map<FailureClass, Long> failures = new EnumMap<>(FailureClass.class);

    KeyEntry(ApiKey key, int position) {
        this.key = key;
        this.position = position;
    }

    /** Whether the key may serve {@code model} at {@code now}; expired cooldowns count as over. */
    boolean usableAt(Instant now, String model) {
        boolean keyUp = switch (state) {
            case ACTIVE -> true;
            case COOLING, INVALID -> !now.isBefore(until);
            case DISABLED -> false;
        };
        return keyUp && (model == null || !now.isBefore(modelCooldowns.getOrDefault(model, Instant.MIN)));
    }

    /** When the key is back for {@code model}, or null if only an operator can bring it back. */
    Instant backAt(String model) {
        if (state == KeyState.DISABLED) {
            return null;
        }
        Instant keyBack = state == KeyState.ACTIVE ? Instant.MIN : until;
        Instant modelBack = model == null ? Instant.MIN : modelCooldowns.getOrDefault(model, Instant.MIN);
        return keyBack.isAfter(modelBack) ? keyBack : modelBack;
    }

    void addHealth(int delta) {
        health = Math.max(0, Math.min(FULL_HEALTH, health + delta));
    }

    KeyMemory memory() {
        return new KeyMemory(key.id(), state, until, cause, reason, health, consecutiveRateLimits,
                modelCooldowns, requests, successes, failures);
    }

    void restore(KeyMemory memory) {
        state = memory.state();
        until = memory.until();
        cause = memory.cause();
        reason = memory.reason();
        health = memory.health();
        consecutiveRateLimits = memory.consecutiveRateLimits();
        modelCooldowns.clear();
        modelCooldowns.putAll(memory.modelCooldowns());
        requests = memory.requests();
        successes = memory.successes();
        failures.clear();
        failures.putAll(memory.failures());
        if ((state == KeyState.COOLING || state == KeyState.INVALID) && until == null) {
            state = KeyState.ACTIVE;
        }
    }
}
