package org.keyrelay.pool;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.keyrelay.failure.Verdict;

/**
 * One request's hold on one key: counts it in flight until the request ends, and reports the outcome
 * exactly once, however many paths try to.
 */
public final class Lease {

    private final KeyPool pool;
    private final ApiKey key;
    private final String model;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final AtomicBoolean measured = new AtomicBoolean();

    Lease(KeyPool pool, ApiKey key, String model) {
        this.pool = pool;
        this.key = key;
        this.model = model;
    }

    public ApiKey key() {
        return key;
    }

    public String provider() {
        return pool.provider();
    }

    public void succeeded() {
        if (open.compareAndSet(true, false)) {
            pool.settle(key.id(), new KeyOp.Succeeded());
        }
    }

    public void failed(Verdict verdict) {
        if (open.compareAndSet(true, false)) {
            pool.settle(key.id(), new KeyOp.Failed(verdict, model, true));
        }
    }

    /** Counts the failure against the key's health, but leaves it in rotation (a transient failure gets a retry). */
    public void failedWithoutCooldown(Verdict verdict) {
        if (open.compareAndSet(true, false)) {
            pool.settle(key.id(), new KeyOp.Failed(verdict, model, false));
        }
    }

    /** Ends the hold without judging the key (the client went away, or the request was its own fault). */
    public void released() {
        if (open.compareAndSet(true, false)) {
            pool.settle(key.id(), null);
        }
    }

    /**
     * Adds a completed answer to the key's statistics (once per lease): time from sending the request to the
     * response head, time to the end of the response, and the tokens the answer reported.
     */
    public void measured(Duration firstByte, Duration complete, TokenUsage usage) {
        if (measured.compareAndSet(false, true)) {
            pool.apply(key.id(), new KeyOp.Measured(firstByte, complete, usage == null ? TokenUsage.NONE : usage));
        }
    }

    public boolean isOpen() {
        return open.get();
    }

    @Override
    public String toString() {
        return "Lease[" + pool.provider() + "/" + key.id() + "]";
    }
}
