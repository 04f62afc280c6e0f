package org.keyrelay.admin;

import java.util.Map;

/**
 * One provider as operators see it.
 *
 * @param states     how many keys are in each state (active, cooling, invalid, disabled)
 * @param usableNow  keys that could serve a request now
 * @param soonestBack when the first key is back if none is usable now (ISO-8601), else null
 * @param inUse      the key in use: the one the next request goes to under the strategy (asked without taking a
 *                   turn); null when none can serve now
 * @param chosen     the key chosen by an operator ({@code use}, {@code rotate}) or the keyring's startKey, kept
 *                   while it may serve and across restarts; null when the strategy picks
 * @param startKey   the keyring's {@code startKey}, or null
 */
public record ProviderReport(String id, String upstream, String auth, String strategy, int keys,
                             Map<String, Integer> states, int usableNow, String soonestBack, int maxRotations,
                             long maxWaitSeconds, String inUse, String chosen, String startKey) {}
