package org.keyrelay.camel;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.keyrelay.Provider;
import org.keyrelay.failure.FailureClass;
import org.keyrelay.pool.Lease;

/**
 * What one client request has been through: its provider, the keys it tried, how long it waited. Kept as an
 * exchange property, because Camel restores the message (not the properties) before each redelivery.
 */
public final class RequestContext {

    public static final String PROPERTY = "keyrelay.request";

    private final Provider provider;
    private final ClientRequest request;
    private Lease lease;
    private String lastKeyId;
    private int attempts;
    private int switches;
    private long waitedMillis;
    private long pendingWaitMillis;
    private String retrySameKey;
    private FailureClass lastFailure;
    private final Set<String> retriedTransient = new HashSet<>();
    private final Map<String, FailureClass> failures = new LinkedHashMap<>();
    private volatile boolean responseWritten;

    public RequestContext(Provider provider, ClientRequest request) {
        this.provider = provider;
        this.request = request;
    }

    public static RequestContext of(Exchange exchange) {
        return exchange.getProperty(PROPERTY, RequestContext.class);
    }

    public Provider provider() {
        return provider;
    }

    public ClientRequest request() {
        return request;
    }

    public Lease lease() {
        return lease;
    }

    /**
     * A new key (or the same one again) for the next attempt.
     *
     * @return whether the request switched keys (a rotation)
     */
    public boolean use(Lease next) {
        boolean switched = lastKeyId != null && !lastKeyId.equals(next.key().id());
        if (switched) {
            switches++;
        }
        lease = next;
        lastKeyId = next.key().id();
        retrySameKey = null;
        return switched;
    }

    /** The failure class of the last attempt that failed on its key, or null. */
    public FailureClass lastFailure() {
        return lastFailure;
    }

    /** The attempt on {@code keyId} failed with {@code failure}. */
    public void failed(String keyId, FailureClass failure) {
        lastFailure = failure;
        failures.put(keyId, failure);
    }

    /** The keys this request failed on, in the order it first failed on each, with how each failed last. */
    public Map<String, FailureClass> failures() {
        return new LinkedHashMap<>(failures);
    }

    public int startAttempt() {
        return ++attempts;
    }

    public int attempts() {
        return attempts;
    }

    public int switches() {
        return switches;
    }

    public String lastKeyId() {
        return lastKeyId;
    }

    public long waitedMillis() {
        return waitedMillis;
    }

    /** The next try waits {@code millis} for a key first ({@link KeyWait}); counted against maxWait now. */
    public void waitFor(long millis) {
        waitedMillis += millis;
        pendingWaitMillis = millis;
    }

    /** The wait the next try must make first, or 0; taken once. */
    public long takeWait() {
        long millis = pendingWaitMillis;
        pendingWaitMillis = 0;
        return millis;
    }

    public String retrySameKey() {
        return retrySameKey;
    }

    /** Whether this key already had its one retry in this request. */
    public boolean hadItsRetry(String keyId) {
        return retriedTransient.contains(keyId);
    }

    /** The next attempt retries this key (its one retry, see {@link org.keyrelay.pool.RotationPolicy}). */
    public void retrySame(String keyId) {
        retriedTransient.add(keyId);
        retrySameKey = keyId;
    }

    public boolean responseWritten() {
        return responseWritten;
    }

    public void markResponseWritten() {
        responseWritten = true;
    }
}
