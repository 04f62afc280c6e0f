package org.keyrelay.pool;

import java.time.Instant;
import java.util.Optional;

/**
 * How a pool stands for one request.
 *
 * @param enabledKeys keys not switched off by an operator
 * @param usableNow   keys that could serve the request now
 * @param soonest     when the first cooling key is back, if none is usable now
 */
public record Availability(int enabledKeys, int usableNow, Optional<Instant> soonest) {}
