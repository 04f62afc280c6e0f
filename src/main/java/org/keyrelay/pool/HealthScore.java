package org.keyrelay.pool;

import org.keyrelay.failure.FailureClass;

/** How an outcome moves a key's health score (0-100): success +2, rate limit -15, quota -30, other failures -20. */
final class HealthScore {

    static final int SUCCESS = 2;

    private HealthScore() {
    }

    static int penalty(FailureClass failure) {
        return switch (failure) {
            case RATE_LIMITED -> -15;
            case QUOTA_EXHAUSTED -> -30;
            case CALLER_FAULT -> 0;
            case KEY_INVALID, MODEL_FORBIDDEN, TRANSIENT -> -20;
        };
    }
}
