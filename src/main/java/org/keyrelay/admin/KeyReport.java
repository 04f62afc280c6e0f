package org.keyrelay.admin;

import java.util.Map;

/**
 * One key as operators see it: never its secret, only the masked form.
 *
 * @param source  {@code keyring} (the keyring file or its environment variables) or {@code added} (the CLI, the
 *                admin API or an import; kept in keys.json)
 * @param usable  whether it could serve a request now
 * @param until   end of its cooldown (cooling) or its next probe (invalid), ISO-8601; null otherwise
 * @param cause   the failure class that put it out, or null
 * @param reason  why it is in its state, in words; for an active key its provider says is spent, which window
 * @param quotas  what its provider last said is left of each of its windows, by window
 */
public record KeyReport(String provider, String id, String secret, String source, String state, int health,
                        boolean usable, String until, String cause, String reason, int weight, int inFlight,
                        long requests, long successes, Map<String, Long> failures, Map<String, String> modelCooldowns,
                        Map<String, QuotaReport> quotas) {}
