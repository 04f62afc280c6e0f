package org.keyrelay.admin;

import java.util.Map;

/**
 * One provider as operators see it.
 *
 * @param states     how many keys are in each state (active, cooling, invalid, disabled)
 * @param usableNow  keys that could serve a request now
 * @param soonestBack when the first key is back if none is usable now (ISO-8601), else null
 */
public record ProviderReport(String id, String upstream, String auth, String strategy, int keys,
                             Map<String, Integer> states, int usableNow, String soonestBack, int maxRotations,
                             long maxWaitSeconds) {}
