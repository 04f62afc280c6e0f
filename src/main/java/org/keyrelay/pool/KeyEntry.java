package org.keyrelay.pool;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import org.keyrelay.failure.FailureClass;

/**
 * One key in a pool: its record (the state {@link KeyRules} decides) and what is only counted (requests, failures,
 * tokens, latencies, load). Only {@link KeyPool} touches it, under the pool's lock.
 */
final class KeyEntry {

    final ApiKey key;
    final int position;
    KeyRecord record;
    int inFlight;
    long requests;
    long successes;
    final Map<FailureClass, Long> failures = new EnumMap<>(FailureClass.class);
    final DailyCounts daily = new DailyCounts();
    long tokensIn;
    long tokensOut;
    final LatencyWindow latency = new LatencyWindow();
    final LatencyWindow firstByte = new LatencyWindow();
    Instant lastUsed;
    LastFailure lastFailure;

    KeyEntry(ApiKey key, int position) {
        this.key = key;
        this.position = position;
        this.record = KeyRecord.fresh(key.id());
    }

    Readiness readiness(Instant now, String model) {
        return Readiness.of(record, inFlight, now, model);
    }

    void count(KeyOp op, KeyOp.Tally t, Instant now) {
        requests += t.requests();
        if (t.requests() > 0) {
            daily.add(day(now));
            lastUsed = now;
        }
        successes += t.successes();
        if (t.failure() != null) {
            failures.merge(t.failure(), 1L, Long::sum);
            lastFailure = new LastFailure(now, t.failure(), op instanceof KeyOp.Failed f ? f.verdict().reason() : null);
        }
        tokensIn += t.tokensIn();
        tokensOut += t.tokensOut();
    }

    void measured(Duration firstByteAfter, Duration completeAfter) {
        firstByte.add(firstByteAfter);
        latency.add(completeAfter);
    }

    KeyMemory memory(Instant now, RecoverySettings recovery) {
        Health h = record.health().settled(now, recovery);
        return new KeyMemory(key.id(), record.state(), record.until(), record.cause(), record.reason(), h.base(),
                record.streak(), record.modelCooldowns(), requests, successes, failures, h.since(),
                new KeyUsage(daily.snapshot(day(now)), tokensIn, tokensOut), record.budgets(), lastUsed, lastFailure);
    }

    KeyStats stats(Instant now) {
        long failed = failures.values().stream().mapToLong(Long::longValue).sum();
        Double rate = successes + failed == 0 ? null : (double) successes / (successes + failed);
        LocalDate today = day(now);
        return new KeyStats(requests, successes, failures, rate, latency.summary(), firstByte.summary(),
                daily.on(today), daily.lastWeek(today), tokensIn, tokensOut, lastUsed, lastFailure);
    }

    /** The counters of a saved memory (its state goes through {@link KeyOp.Restored}). */
    void restoreCounts(KeyMemory memory) {
        requests = memory.requests();
        successes = memory.successes();
        failures.clear();
        failures.putAll(memory.failures());
        daily.restore(memory.usage().requestsByDay());
        tokensIn = memory.usage().tokensIn();
        tokensOut = memory.usage().tokensOut();
        lastUsed = memory.lastUsed();
        lastFailure = memory.lastFailure();
    }

    /** This key at another position: everything moves, load, probation and latencies included. */
    KeyEntry at(int nextPosition, ApiKey nextKey, Instant now) {
        KeyEntry e = new KeyEntry(nextKey, nextPosition);
        e.record = record;
        e.inFlight = inFlight;
        e.requests = requests;
        e.successes = successes;
        e.failures.putAll(failures);
        e.daily.restore(daily.snapshot(day(now)));
        e.tokensIn = tokensIn;
        e.tokensOut = tokensOut;
        e.latency.copyFrom(latency);
        e.firstByte.copyFrom(firstByte);
        e.lastUsed = lastUsed;
        e.lastFailure = lastFailure;
        return e;
    }

    static LocalDate day(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC);
    }
}
