package org.keyrelay.pool;

import java.time.Duration;
import java.time.Instant;
import org.keyrelay.failure.FailureClass;

/**
 * What a request does next after an attempt failed on its key, or found no key free: the rotation rules, in one place
 * (the Camel routes only carry the answer, see {@code camel/Rotation}).
 * <ul>
 *   <li>The failed key ({@link #forFailedKey}): a caller fault leaves it alone; a TRANSIENT failure first gets one
 *       retry on the same key, counted against its health but not cooled; any other key failure cools it.</li>
 *   <li>The request ({@link #afterFailure}): a retry on the same key goes at once; otherwise it moves to the next
 *       selectable key while the provider allows more key switches ({@code rotationsAllowed}); when no key is
 *       selectable it waits for the soonest if that is back within {@code maxWait} in all (waiting is not a switch).
 *       An upstream that is down does not make a request wait: a TRANSIENT failure that leaves no selectable key
 *       gives up at once.</li>
 *   <li>No key free at all ({@link #whenNoneFree}): wait for the soonest, within {@code maxWait} in all.</li>
 * </ul>
 *
 * @param rotationsAllowed key switches one request may make
 * @param maxWait          how long one request may wait for keys in all
 */
public record RotationPolicy(int rotationsAllowed, Duration maxWait) {

    /** What a failed attempt does to its key. */
    public enum ForKey {
        /** Not the key's fault: release it untouched. */
        RELEASE,
        /** Count the failure, keep the key in rotation, and retry the request on it. */
        COUNT_AND_RETRY,
        /** Record the failure with the cooldown it deserves. */
        COOL
    }

    /** The request's next step. */
    public sealed interface Step {
        /** Try the same key again, now. */
        record RetrySameKey() implements Step {}

        /** Take the next selectable key, now. */
        record Rotate() implements Step {}

        /** Wait {@code millis} (until {@code at}), then ask for a key again. */
        record Wait(Instant at, long millis) implements Step {}

        /** Answer the client with what there is. */
        record GiveUp() implements Step {}
    }

    /** @param hadItsRetry whether this key already had its one retry in this request */
    public static ForKey forFailedKey(FailureClass failure, boolean hadItsRetry) {
        if (failure == FailureClass.CALLER_FAULT) {
            return ForKey.RELEASE;
        }
        return failure == FailureClass.TRANSIENT && !hadItsRetry ? ForKey.COUNT_AND_RETRY : ForKey.COOL;
    }

    /**
     * @param failure      the failure class of the attempt
     * @param retrying     whether {@link #forFailedKey} said to retry the same key
     * @param switches     key switches the request made so far
     * @param waitedMillis how long it waited for keys so far
     * @param pool         how the pool stands for the request now
     */
    public Step afterFailure(FailureClass failure, boolean retrying, int switches, long waitedMillis,
                             Availability pool, Instant now) {
        if (retrying) {
            return new Step.RetrySameKey();
        }
        if (pool.usableNow() > 0) {
            return switches < rotationsAllowed ? new Step.Rotate() : new Step.GiveUp();
        }
        if (failure == FailureClass.TRANSIENT) {
            return new Step.GiveUp();
        }
        return pool.soonest().map(soonest -> whenNoneFree(soonest, waitedMillis, now)).orElse(new Step.GiveUp());
    }

    /** No key is free; the soonest is back at {@code soonest}. */
    public Step whenNoneFree(Instant soonest, long waitedMillis, Instant now) {
        long wait = Math.max(1, Duration.between(now, soonest).toMillis());
        return waitedMillis + wait > maxWait.toMillis() ? new Step.GiveUp() : new Step.Wait(soonest, wait);
    }
}
