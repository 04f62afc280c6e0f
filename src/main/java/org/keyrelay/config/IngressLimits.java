package org.keyrelay.config;

import java.time.Duration;

/**
 * How long and how much the ingress gives a client ({@code keyrelay.ingress.*} in application.properties, read and
 * checked by {@code GatewayTuning}): a client that stalls, or opens connections without end, cannot hold the gateway.
 *
 * @param idleTimeout       a keep-alive connection without a request in progress is closed after this
 * @param headerTimeout     a request's line and headers must have arrived within this of its first byte (else 408)
 * @param bodyMinRate       bytes per second a request body must average over each {@code bodyRateWindow} (else 408)
 * @param bodyRateWindow    how long a body's rate is measured over
 * @param maxConnections    open client connections at most; one more is answered 503 and closed
 * @param maxBufferedBytes  request body bytes held at once, over all connections; a body that would go past is
 *                          answered 503 and its connection closed
 */
public record IngressLimits(Duration idleTimeout, Duration headerTimeout, long bodyMinRate, Duration bodyRateWindow,
                            int maxConnections, long maxBufferedBytes) {

    public static final IngressLimits DEFAULTS = new IngressLimits(Duration.ofSeconds(60), Duration.ofSeconds(30),
            1024, Duration.ofSeconds(10), 2048, 256L * 1024 * 1024);
}
