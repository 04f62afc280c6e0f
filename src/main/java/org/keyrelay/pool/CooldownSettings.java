package org.keyrelay.pool;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.keyrelay.failure.QuotaWindow;

/**
 * The default cooldowns, used when neither the upstream's headers nor its body say when a key is back.
 *
 * @param rateLimitBase   first rate-limit cooldown; each repeat on the same key doubles it
 * @param rateLimitMax    the ceiling of that escalation
 * @param transientFailure cooldown after a 5xx or connection failure that repeated on the same key
 * @param invalidFailWindow how long a key rejected as invalid stays out before one probe request
 * @param modelForbidden  how long a model the key may not use stays out on that key
 * @param quotaWindows    the cooldown for each quota window a limit message names
 * @param quotaReset      the time of day the provider's quotas reset (keyring {@code billingReset}), for the windows
 *                        it names instead of their duration; null: none, every window cools for its duration
 */
public record CooldownSettings(Duration rateLimitBase, Duration rateLimitMax, Duration transientFailure,
                               Duration invalidFailWindow, Duration modelForbidden,
                               Map<QuotaWindow, Duration> quotaWindows, QuotaReset quotaReset) {

    public CooldownSettings {
        quotaWindows = Map.copyOf(quotaWindows);
    }

    /** Settings without a quota reset time: every quota window cools for its duration. */
    public CooldownSettings(Duration rateLimitBase, Duration rateLimitMax, Duration transientFailure,
                            Duration invalidFailWindow, Duration modelForbidden, Map<QuotaWindow, Duration> quotaWindows) {
        this(rateLimitBase, rateLimitMax, transientFailure, invalidFailWindow, modelForbidden, quotaWindows, null);
    }

    public static CooldownSettings defaults() {
        Map<QuotaWindow, Duration> windows = new EnumMap<>(QuotaWindow.class);
        windows.put(QuotaWindow.SESSION, Duration.ofHours(5));
        windows.put(QuotaWindow.HOURLY, Duration.ofHours(1));
        windows.put(QuotaWindow.DAILY, Duration.ofHours(24));
        windows.put(QuotaWindow.WEEKLY, Duration.ofHours(24));
        windows.put(QuotaWindow.MONTHLY, Duration.ofHours(24));
        windows.put(QuotaWindow.BILLING_CYCLE, Duration.ofHours(24));
        windows.put(QuotaWindow.UNKNOWN, Duration.ofHours(1));
        return new CooldownSettings(Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofSeconds(5),
                Duration.ofHours(5), Duration.ofHours(24), windows);
    }

    public Duration quotaWindow(QuotaWindow window) {
        return quotaWindows.getOrDefault(window, quotaWindows.get(QuotaWindow.UNKNOWN));
    }

    /** When a key out of quota for {@code window} is back, its provider having said nothing: the reset, else a duration. */
    public java.time.Instant quotaBackAt(QuotaWindow window, java.time.Instant now) {
        return quotaReset != null && quotaReset.ends(window) ? quotaReset.nextAfter(now) : now.plus(quotaWindow(window));
    }
}
