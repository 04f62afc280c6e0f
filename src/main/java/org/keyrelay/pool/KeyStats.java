package org.keyrelay.pool;

import java.time.Instant;
import java.util.Map;
import org.keyrelay.failure.FailureClass;

/**
 * What a key has done, as operators see it ({@link KeyView#stats()}).
 *
 * @param requests          requests sent with this key (every attempt, retries included), all time
 * @param successes         of those, answered successfully
 * @param failures          failures by class (caller faults are not the key's and are not counted)
 * @param successRate       successes / (successes + failures), 0 to 1; null before the first outcome
 * @param latency           request sent upstream to response complete, over the last 100 successful answers
 * @param timeToFirstByte   request sent upstream to response head, over the same answers
 * @param requestsToday     requests on the current UTC day
 * @param requestsLast7Days requests on the last seven UTC days, today included
 * @param tokensIn          input tokens the provider reported, all time
 * @param tokensOut         output tokens the provider reported, all time
 * @param lastUsed          when a request was last sent with it; null: never
 * @param lastFailure       its most recent failure; null: none
 */
public record KeyStats(long requests, long successes, Map<FailureClass, Long> failures, Double successRate,
                       LatencySummary latency, LatencySummary timeToFirstByte, long requestsToday,
                       long requestsLast7Days, long tokensIn, long tokensOut, Instant lastUsed,
                       LastFailure lastFailure) {

    public KeyStats {
        failures = Map.copyOf(failures);
    }

    public long failureCount() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }
}
