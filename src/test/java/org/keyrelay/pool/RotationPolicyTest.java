package org.keyrelay.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.keyrelay.pool.TestPools.NOW;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.pool.RotationPolicy.ForKey;
import org.keyrelay.pool.RotationPolicy.Step;
import org.keyrelay.support.MutableClock;

/** The rotation rules on their own: what a failed key gets, and what the request does next, on a movable clock. */
class RotationPolicyTest {

    private final MutableClock clock = MutableClock.fixed(NOW);
    private final RotationPolicy policy = new RotationPolicy(2, Duration.ofSeconds(10));

    private static Availability usable(int n) {
        return new Availability(3, n, Optional.empty());
    }

    private static Availability noneUntil(Duration fromNow) {
        return new Availability(3, 0, Optional.of(NOW.plus(fromNow)));
    }

    @Test
    void should_leave_a_callers_fault_alone_retry_a_transient_once_and_cool_the_rest() {
        assertEquals(ForKey.RELEASE, RotationPolicy.forFailedKey(FailureClass.CALLER_FAULT, false));
        assertEquals(ForKey.COUNT_AND_RETRY, RotationPolicy.forFailedKey(FailureClass.TRANSIENT, false));
        assertEquals(ForKey.COOL, RotationPolicy.forFailedKey(FailureClass.TRANSIENT, true), "one retry per key");
        assertEquals(ForKey.COOL, RotationPolicy.forFailedKey(FailureClass.RATE_LIMITED, false));
        assertEquals(ForKey.COOL, RotationPolicy.forFailedKey(FailureClass.KEY_INVALID, false));
    }

    @Test
    void should_retry_the_same_key_at_once() {
        assertEquals(new Step.RetrySameKey(),
                policy.afterFailure(FailureClass.TRANSIENT, true, 0, 0, noneUntil(Duration.ofHours(1)), clock.instant()));
    }

    @Test
    void should_rotate_while_switches_are_left_then_give_up() {
        assertEquals(new Step.Rotate(), policy.afterFailure(FailureClass.RATE_LIMITED, false, 1, 0, usable(1), NOW));
        assertEquals(new Step.GiveUp(), policy.afterFailure(FailureClass.RATE_LIMITED, false, 2, 0, usable(1), NOW));
    }

    @Test
    void should_wait_for_the_soonest_key_within_max_wait_in_all() {
        assertEquals(new Step.Wait(NOW.plusSeconds(4), 4000),
                policy.afterFailure(FailureClass.RATE_LIMITED, false, 0, 0, noneUntil(Duration.ofSeconds(4)), NOW));
        assertEquals(new Step.GiveUp(), policy.afterFailure(FailureClass.RATE_LIMITED, false, 0, 7000,
                noneUntil(Duration.ofSeconds(4)), NOW), "7 s waited already + 4 s is over the 10 s allowed");
    }

    @Test
    void should_never_wait_after_a_transient_failure() {
        assertEquals(new Step.GiveUp(),
                policy.afterFailure(FailureClass.TRANSIENT, false, 0, 0, noneUntil(Duration.ofSeconds(1)), NOW));
    }

    @Test
    void should_give_up_when_no_key_comes_back() {
        assertEquals(new Step.GiveUp(), policy.afterFailure(FailureClass.RATE_LIMITED, false, 0, 0,
                new Availability(0, 0, Optional.empty()), NOW));
    }

    @Test
    void should_shorten_the_wait_as_the_clock_moves_and_wait_at_least_a_millisecond() {
        clock.advance(Duration.ofSeconds(3));
        assertEquals(new Step.Wait(NOW.plusSeconds(4), 1000), policy.whenNoneFree(NOW.plusSeconds(4), 0, clock.instant()));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(new Step.Wait(NOW.plusSeconds(4), 1), policy.whenNoneFree(NOW.plusSeconds(4), 0, clock.instant()),
                "a key back right now: redeliver after the least delay, not at once as a rotation");
        assertEquals(new Step.GiveUp(), policy.whenNoneFree(NOW.plusSeconds(4), 10_000, clock.instant()));
    }
}
