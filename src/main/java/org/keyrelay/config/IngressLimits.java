package org.keyrelay.config;

import java.time.Duration;

/**
 * How long and how much the ingress gives a client ({@code keyrelay.ingress.*} in application.properties): a client
 * that stalls, or opens connections without end, cannot hold the gateway.
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

    public IngressLimits {
        positive("keyrelay.ingress.idle-timeout", idleTimeout);
        positive("keyrelay.ingress.header-timeout", headerTimeout);
        positive("keyrelay.ingress.body-rate-window", bodyRateWindow);
        if (bodyMinRate < 0) {
            throw new IllegalArgumentException("keyrelay.ingress.body-min-rate: '" + bodyMinRate
                    + "' must be 0 (no minimum) or more bytes per second");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("keyrelay.ingress.max-connections: '" + maxConnections + "' must be at least 1");
        }
        if (maxBufferedBytes < 1) {
            throw new IllegalArgumentException("keyrelay.ingress.max-buffered-bytes: '" + maxBufferedBytes
                    + "' must be at least 1");
        }
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + ": '" + (d == null ? "" : Durations.format(d))
                    + "' must be longer than 0");
        }
    }
}
