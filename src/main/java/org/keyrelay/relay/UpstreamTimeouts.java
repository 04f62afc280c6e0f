package org.keyrelay.relay;

import java.time.Duration;

/**
 * How long one upstream request may take, phase by phase. {@link Duration#ZERO} means no limit.
 *
 * @param connect  to open the connection (TCP, the proxy tunnel and the TLS handshake each get this much)
 * @param headers  from the request written to the response head ({@code keyrelay.upstream.response-timeout}:
 *                 a long prompt can take a while before its first token)
 * @param response from the request written to the end of the response
 * @param idle     the longest silence between two reads of the response body
 */
public record UpstreamTimeouts(Duration connect, Duration headers, Duration response, Duration idle) {

    /** Connect 10 s, response head 300 s, no limit on the whole response or its silences. */
    public static final UpstreamTimeouts DEFAULTS = new UpstreamTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(300),
            Duration.ZERO, Duration.ZERO);

    public UpstreamTimeouts {
        connect = orNone(connect, "connect");
        headers = orNone(headers, "headers");
        response = orNone(response, "response");
        idle = orNone(idle, "idle");
    }

    /** Today's two settings (connect, response head); no limit on the whole response or its silences. */
    public static UpstreamTimeouts of(Duration connect, Duration headers) {
        return new UpstreamTimeouts(connect, headers, Duration.ZERO, Duration.ZERO);
    }

    private static Duration orNone(Duration d, String name) {
        if (d == null) {
            return Duration.ZERO;
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("upstream " + name + " timeout: '" + d + "' is negative");
        }
        return d;
    }
}
