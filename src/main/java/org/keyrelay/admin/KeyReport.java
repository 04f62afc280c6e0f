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
 * @param label   the keyring's free text for the key ("Work account"), or null
 * @param state   active, cooling, invalid or disabled as of now (a cooldown that has ended shows as active)
 * @param inUse   whether it is the key in use: the one the provider's next request goes to, under its strategy
 * @param lastUsed    when a request was last sent with it (ISO-8601), or null
 * @param lastFailure its most recent failure, or null
 */
public record KeyReport(String provider, String id, String label, String secret, String source, String state,
                        int health, boolean usable, boolean inUse, String until, String cause, String reason,
                        int weight, int inFlight, long requests, long successes, Map<String, Long> failures,
                        Map<String, String> modelCooldowns, Map<String, QuotaReport> quotas, String lastUsed,
                        StatsReport.Failure lastFailure) {}
