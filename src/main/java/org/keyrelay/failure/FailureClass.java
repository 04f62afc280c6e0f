package org.keyrelay.failure;

/**
 * The six classes of failure of DESIGN.md ("Failure taxonomy"). {@link FailureClassifier} decides
 * which one an upstream answer belongs to; the pool decides what that means for the key.
 */
public enum FailureClass {
    /** Too many requests for now (429, "too many requests", "overloaded"): cool the key briefly. */
    RATE_LIMITED,
    /** A usage window or balance is spent ("weekly usage limit", insufficient_quota): cool until it resets. */
    QUOTA_EXHAUSTED,
    /** The key itself is refused (401, "invalid api key", membership not verified): disable it. */
    KEY_INVALID,
    /** The key may not use this model ("requires a subscription"): cool that model on that key only. */
    MODEL_FORBIDDEN,
    /** The upstream failed, not the key (5xx, timeout, connection reset): short cooldown, retry. */
    TRANSIENT,
    /** The request is wrong (400 that is not quota, 404, 413, 422): answer the client as is. */
    CALLER_FAULT;

    /**
     * True for every class but {@link #CALLER_FAULT}: the key is to blame and the request may go to
     * the next key.
     */
    public boolean isKeyFailure() {
        return this != CALLER_FAULT;
    }
}
