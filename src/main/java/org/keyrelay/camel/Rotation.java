package org.keyrelay.camel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.keyrelay.Provider;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.pool.Availability;
import org.keyrelay.pool.Lease;

/**
 * The rotation rules the onException branches in routes/ name, in one place:
 * <ul>
 *   <li>{@link #coolFailedKey}: the failed key gets what its failure deserves (a TRANSIENT failure first gets one
 *       retry on the same key, uncooled; a timeout does not: the request moves on to the next key at once).</li>
 *   <li>{@link #mayRotate}: the request goes on with the next usable key while the provider allows more key
 *       switches (maxRotations); when no key is usable, it waits for the soonest if that is back within the
 *       request's maxWait (waiting for a key is not a switch). An upstream that is down does not make the
 *       request wait: when a TRANSIENT failure leaves no usable key, the client gets the failure at once.</li>
 *   <li>{@link #waitForKey}: when every key is cooling, the request waits (without a thread) for the soonest,
 *       up to maxWait in all.</li>
 * </ul>
 * A wait is set as the redelivery delay ({@link Exchange#REDELIVERY_DELAY}); no wait means redeliver at once.
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
        FailureClass failureClass = failure.verdict().failureClass();
        context.failed(failureClass);
        if (failureClass == FailureClass.CALLER_FAULT) {
            lease.released();
        } else if (failureClass == FailureClass.TRANSIENT && !failure.verdict().timedOut()
                && context.retryOnce(lease.key().id())) {
            lease.failedWithoutCooldown(failure.verdict());
        } else {
            lease.failed(failure.verdict());
        }
    }

    /** retryWhile for a key failure. */
    public boolean mayRotate(Exchange exchange) {
        RequestContext context = RequestContext.of(exchange);
        noDelay(exchange);
        if (context.retrySameKey() != null) {
            return true;
        }
        Provider provider = context.provider();
        Availability availability = provider.pool().availability(context.request().model());
        if (availability.usableNow() > 0) {
            return context.switches() < provider.rotationsAllowed();
        }
        UpstreamFailureException failure = caught(exchange, UpstreamFailureException.class);
        if (failure != null && failure.verdict().failureClass() == FailureClass.TRANSIENT) {
            return false;
        }
        return availability.soonest().map(soonest -> waitFor(exchange, context, soonest)).orElse(false);
    }

    /** retryWhile when no key is usable: wait for the soonest if it is back within the request's maxWait. */
    public boolean waitForKey(Exchange exchange) {
        KeysCoolingException cooling = caught(exchange, KeysCoolingException.class);
        noDelay(exchange);
        return cooling != null && waitFor(exchange, RequestContext.of(exchange), cooling.soonest());
    }

    private boolean waitFor(Exchange exchange, RequestContext context, Instant soonest) {
        long wait = Math.max(1, Duration.between(clock.instant(), soonest).toMillis());
        Duration maxWait = context.provider().config().maxWait();
        if (context.waitedMillis() + wait > maxWait.toMillis()) {
            return false;
        }
        context.waited(wait);
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, wait);
        return true;
    }

    private static void noDelay(Exchange exchange) {
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, 0L);
    }

    static <T> T caught(Exchange exchange, Class<T> type) {
        Throwable t = exchange.getException() != null
                ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        return type.isInstance(t) ? type.cast(t) : null;
    }
}
