package org.keyrelay.pool;

import java.time.Duration;
import java.time.Instant;
import org.keyrelay.failure.Verdict;

/**
 * Turns a failure verdict into what happens to the key. The rules, each decided here:
 * <ol>
 *   <li>A reset time stated by the upstream (Retry-After, x-ratelimit-reset*, the body) wins over every default.</li>
 *   <li>RATE_LIMITED without a stated time: {@code rateLimitBase}, doubled for each consecutive rate limit on the
 *       same key, capped at {@code rateLimitMax}. A rate limit never disables a key (it may be the caller's IP).</li>
 *   <li>QUOTA_EXHAUSTED without a stated time: the next quota reset of the provider ({@link QuotaReset}, keyring
 *       {@code billingReset}) for the windows it ends, else the default of the window the message names (session,
 *       weekly...).</li>
 *   <li>KEY_INVALID: out until an operator enables the key, or one probe after {@code invalidFailWindow}.</li>
 *   <li>MODEL_FORBIDDEN: only that model is cooled on that key.</li>
 *   <li>TRANSIENT: a short cooldown ({@code transientFailure}); the retry on the same key is the caller's business.</li>
 *   <li>CALLER_FAULT: the key is untouched.</li>
 * </ol>
 * Every default is per provider ({@link CooldownSettings}, from the keyring's {@code failWindow} and {@code cooldowns}).
 * How a decision is applied (a new cooldown never shortens an existing one nor replaces its cause, a success clears a
 * rate-limit cooldown, one probe per fail window, probation after a cooldown) is decided in {@link KeyRules}.
 */
public final class CooldownPolicy {

    private final CooldownSettings settings;

    public CooldownPolicy(CooldownSettings settings) {
        this.settings = settings;
    }

    /**
     * @param consecutiveRateLimits rate limits this key got in a row before this one
     * @param model the model the request asked for, or null
     */
    public KeyDecision decide(Verdict verdict, Instant now, int consecutiveRateLimits, String model) {
        Instant stated = verdict.resetAt().filter(now::isBefore).orElse(null);
        String reason = verdict.reason();
        return switch (verdict.failureClass()) {
            case RATE_LIMITED -> new KeyDecision.CoolDown(
                    stated != null ? stated : now.plus(escalated(consecutiveRateLimits)), verdict.failureClass(), reason);
            case QUOTA_EXHAUSTED -> new KeyDecision.CoolDown(
                    stated != null ? stated : settings.quotaBackAt(verdict.window(), now), verdict.failureClass(), reason);
            case TRANSIENT -> new KeyDecision.CoolDown(
                    stated != null ? stated : now.plus(settings.transientFailure()), verdict.failureClass(), reason);
            case KEY_INVALID -> new KeyDecision.Invalidate(now.plus(settings.invalidFailWindow()), reason);
            case MODEL_FORBIDDEN -> model == null
                    ? new KeyDecision.CoolDown(now.plus(settings.transientFailure()), verdict.failureClass(), reason)
                    : new KeyDecision.CoolModel(model, stated != null ? stated : now.plus(settings.modelForbidden()), reason);
            case CALLER_FAULT -> new KeyDecision.Keep();
        };
    }

    private Duration escalated(int previousInARow) {
        Duration cooldown = settings.rateLimitBase();
        for (int i = 0; i < previousInARow && cooldown.compareTo(settings.rateLimitMax()) < 0; i++) {
            cooldown = cooldown.multipliedBy(2);
        }
        return cooldown.compareTo(settings.rateLimitMax()) > 0 ? settings.rateLimitMax() : cooldown;
    }

    public CooldownSettings settings() {
        return settings;
    }
}
