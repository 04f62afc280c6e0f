package org.keyrelay.failure;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The classifier's decision, a value.
 *
 * @param failureClass what kind of failure this was
 * @param reason short human text for logs and the admin API ("weekly usage limit",
 *     "insufficient_quota", "HTTP 503"); built only from our own phrase and code constants and the
 *     status, never copied from a body, so it cannot carry an API key the body echoed
 * @param resetAt when the key is usable again, present only when headers or body stated a time
 * @param window the quota window the message names; {@link QuotaWindow#UNKNOWN} for non-quota verdicts
 */
public record Verdict(FailureClass failureClass, String reason, Optional<Instant> resetAt, QuotaWindow window) {

    public Verdict {
        Objects.requireNonNull(failureClass, "failureClass");
        reason = reason == null || reason.isBlank() ? failureClass.name().toLowerCase(java.util.Locale.ROOT) : reason;
        resetAt = resetAt == null ? Optional.empty() : resetAt;
        window = window == null ? QuotaWindow.UNKNOWN : window;
    }
}
