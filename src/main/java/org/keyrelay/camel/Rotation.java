package org.keyrelay.camel;

import java.time.Clock;
import org.apache.camel.Exchange;
import org.keyrelay.Provider;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.pool.Availability;
import org.keyrelay.pool.Lease;
import org.keyrelay.pool.RotationPolicy;

/**
 * The onException branches in routes/ ask here; the rules are {@link RotationPolicy}'s, this only reads the exchange
 * and carries the answer back:
 * <ul>
 *   <li>{@link #coolFailedKey}: the failed key gets what the policy says its failure deserves;</li>
 *   <li>{@link #mayRotate}: retryWhile for a key failure (retry the same key, rotate, wait, or give up);</li>
 *   <li>{@link #waitForKey}: retryWhile when no key was free (wait for the soonest, or give up).</li>
 * </ul>
 * Camel redelivers at once; a wait is left in the {@link RequestContext} for the {@link KeyWait} step that starts the
 * next try (a timer the client's leaving cancels).
 * A request whose client has left ({@link ClientPresence}) is not tried again and leaves no mark on its key.
 */
public final class Rotation {

    private final Clock clock;

    public Rotation(Clock clock) {
        this.clock = clock;
    }

    public boolean isKeyFailure(Exchange exchange) {
        UpstreamFailureException failure = caught(exchange, UpstreamFailureException.class);
        return failure != null && failure.verdict().failureClass().isKeyFailure();
    }

    /** onExceptionOccurred: record the failure on the key that had it. */
    public void coolFailedKey(Exchange exchange) {
        UpstreamFailureException failure = caught(exchange, UpstreamFailureException.class);
        RequestContext context = RequestContext.of(exchange);
        if (failure == null || context == null || context.lease() == null) {
            return;
        }
        Lease lease = context.lease();
        if (ClientPresence.gone(exchange)) {
            lease.released(); // the client left: its request ends here, the key keeps no mark of it
            return;
        }
        FailureClass failureClass = failure.verdict().failureClass();
        context.failed(lease.key().id(), failureClass);
        switch (RotationPolicy.forFailedKey(failure.verdict(), context.hadItsRetry(lease.key().id()))) {
            case RELEASE -> lease.released();
            case COUNT_AND_RETRY -> {
                context.retrySame(lease.key().id());
                lease.failedWithoutCooldown(failure.verdict());
            }
            case COOL -> lease.failed(failure.verdict());
        }
    }

    /** retryWhile for a key failure. */
    public boolean mayRotate(Exchange exchange) {
        RequestContext context = RequestContext.of(exchange);
        if (ClientPresence.gone(exchange)) {
            return clientLeft(context);
        }
        UpstreamFailureException failure = caught(exchange, UpstreamFailureException.class);
        FailureClass failureClass = failure == null ? null : failure.verdict().failureClass();
        Availability availability = context.provider().pool().availability(context.request().model());
        return carry(context, policy(context).afterFailure(failureClass, context.retrySameKey() != null,
                context.switches(), context.waitedMillis(), availability, clock.instant()));
    }

    /** retryWhile when no key is usable: wait for the soonest if it is back within the request's maxWait. */
    public boolean waitForKey(Exchange exchange) {
        KeysCoolingException cooling = caught(exchange, KeysCoolingException.class);
        RequestContext context = RequestContext.of(exchange);
        if (ClientPresence.gone(exchange)) {
            return clientLeft(context);
        }
        if (cooling == null) {
            return carry(context, new RotationPolicy.Step.GiveUp());
        }
        return carry(context, policy(context).whenNoneFree(cooling.soonest(), context.waitedMillis(),
                clock.instant()));
    }

    /** The client left while its request waited or between rotations: no further try, no answer. */
    private static boolean clientLeft(RequestContext context) {
        context.markResponseWritten(); // the ingress writes no answer for it
        return carry(context, new RotationPolicy.Step.GiveUp());
    }

    private static RotationPolicy policy(RequestContext context) {
        Provider provider = context.provider();
        return new RotationPolicy(provider.rotationsAllowed(), provider.config().maxWait());
    }

    /** Leaves {@code step}'s wait for the next try; whether Camel redelivers. */
    private static boolean carry(RequestContext context, RotationPolicy.Step step) {
        if (step instanceof RotationPolicy.Step.Wait wait) {
            context.waitFor(wait.millis());
        }
        return !(step instanceof RotationPolicy.Step.GiveUp);
    }

    static <T> T caught(Exchange exchange, Class<T> type) {
        Throwable t = exchange.getException() != null
                ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return type.isInstance(t) ? type.cast(t) : null;
    }
}
