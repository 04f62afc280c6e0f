package org.keyrelay.pool;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.keyrelay.failure.FailureClass;

/** The mutable memory of one key. Only {@link KeyPool} touches it, under the pool's lock. */
final class KeyEntry {

    static final int FULL_HEALTH = Health.FULL;

    final ApiKey key;
    final int position;
    KeyState state = KeyState.ACTIVE;
    Instant until;
    FailureClass cause;
    String reason;
    final Health health;
    int consecutiveRateLimits;
    final Map<String, Instant> modelCooldowns = new HashMap<>();
    int inFlight;
    /** Successful answers still needed to end the probation after a cooldown (see {@link KeyPool}); 0: none. */
    int rampLeft;
    /** On probation: when the last request was sent plus the spacing. */
    Instant rampNextAt;
    long requests;
    long successes;
    final Map<FailureClass, Long> failures = new EnumMap<>(FailureClass.class);
    final DailyCounts daily = new DailyCounts();
    long tokensIn;
    long tokensOut;
    final LatencyWindow latency = new LatencyWindow();
    final LatencyWindow firstByte = new LatencyWindow();
    /** The revision of the last shared change applied (see {@link KeyPool#applyShared}); 0: none yet. */
    long sharedRevision;

    KeyEntry(ApiKey key, int position, RecoverySettings recovery) {
        this.key = key;
        this.position = position;
        this.health = new Health(recovery);
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

    /** Usable, and not held back by its probation after a cooldown (see {@link KeyPool}). */
    boolean selectableAt(Instant now, String model) {
        return usableAt(now, model) && !heldOnProbation(now);
    }

    /** On probation, a request is in flight, and the spacing since the last one was sent has not passed. */
    boolean heldOnProbation(Instant now) {
        return rampLeft > 0 && inFlight > 0 && now.isBefore(rampNextAt);
    }

    /** When the key can next be chosen for {@code model}, or null if only an operator can bring it back. */
    Instant backAt(String model) {
        if (state == KeyState.DISABLED) {
            return null;
        }
        Instant keyBack = state == KeyState.ACTIVE ? Instant.MIN : until;
        if (rampLeft > 0 && inFlight > 0 && rampNextAt.isAfter(keyBack)) {
            keyBack = rampNextAt; // at the latest: sooner if its request on probation answers
        }
        Instant modelBack = model == null ? Instant.MIN : modelCooldowns.getOrDefault(model, Instant.MIN);
        return keyBack.isAfter(modelBack) ? keyBack : modelBack;
    }

    void counted(Instant now) {
        requests++;
        daily.add(day(now));
    }

    void measured(Duration firstByteAfter, Duration completeAfter, TokenUsage usage) {
        firstByte.add(firstByteAfter);
        latency.add(completeAfter);
        tokensIn += usage.in();
        tokensOut += usage.out();
    }

    KeyMemory memory(Instant now) {
        health.settle(now);
        return new KeyMemory(key.id(), state, until, cause, reason, health.base(), consecutiveRateLimits,
                modelCooldowns, requests, successes, failures, health.since(),
                new KeyUsage(daily.snapshot(day(now)), tokensIn, tokensOut));
    }

    KeyStats stats(Instant now) {
        long failed = failures.values().stream().mapToLong(Long::longValue).sum();
        Double rate = successes + failed == 0 ? null : (double) successes / (successes + failed);
        LocalDate today = day(now);
        return new KeyStats(requests, successes, failures, rate, latency.summary(), firstByte.summary(),
                daily.on(today), daily.lastWeek(today), tokensIn, tokensOut);
    }

    void restore(KeyMemory memory, Instant now) {
        state = memory.state();
        until = memory.until();
        cause = memory.cause();
        reason = memory.reason();
        health.restore(memory.health(), memory.healthSince(), now);
        consecutiveRateLimits = memory.consecutiveRateLimits();
        modelCooldowns.clear();
        modelCooldowns.putAll(memory.modelCooldowns());
        requests = memory.requests();
        successes = memory.successes();
        failures.clear();
        failures.putAll(memory.failures());
        daily.restore(memory.usage().requestsByDay());
        tokensIn = memory.usage().tokensIn();
        tokensOut = memory.usage().tokensOut();
        if ((state == KeyState.COOLING || state == KeyState.INVALID) && until == null) {
            state = KeyState.ACTIVE;
        }
    }

    /** Everything of {@code old} moves here, the memory-only parts (load, probation, latencies, shared revision) included. */
    void takeOver(KeyEntry old, Instant now) {
        restore(old.memory(now), now);
        inFlight = old.inFlight;
        rampLeft = old.rampLeft;
        rampNextAt = old.rampNextAt;
        sharedRevision = old.sharedRevision;
        latency.copyFrom(old.latency);
        firstByte.copyFrom(old.firstByte);
    }

    static LocalDate day(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC);
    }
}
