package org.keyrelay.relay;

import java.time.Duration;

/**
 * How long one upstream request may take, phase by phase. {@link Duration#ZERO} means no limit. Which phases bind
 * depends on whether the request asks for a streamed answer ({@link #forRequest}).
 *
 * @param connect  to open the connection (TCP, the proxy tunnel and the TLS handshake each get this much)
 * @param headers  a streaming request: from the request written to the response head
 * @param response a non-streaming request: from the request written to the end of the response
 * @param idle     a streaming request: the longest silence between two reads of the response body
 */
public record UpstreamTimeouts(Duration connect, Duration headers, Duration response, Duration idle) {

    /** Connect 10 s; a stream's head within 60 s and no silence over 120 s; any other answer whole within 300 s. */
    public static final UpstreamTimeouts DEFAULTS = new UpstreamTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60),
            Duration.ofSeconds(300), Duration.ofSeconds(120));

    public UpstreamTimeouts {
        connect = orNone(connect, "connect");
        headers = orNone(headers, "headers");
        response = orNone(response, "response");
        idle = orNone(idle, "idle");
    }

    /** These timeouts with each non-null one of the given in place of its own (a provider's from its keyring). */
    public UpstreamTimeouts overriddenBy(Duration connect, Duration headers, Duration response, Duration idle) {
        return new UpstreamTimeouts(connect != null ? connect : this.connect, headers != null ? headers : this.headers,
                response != null ? response : this.response, idle != null ? idle : this.idle);
    }

    /**
     * The limits one request runs under: a streaming request gets {@code headers} to its response head and then
     * {@code idle} between reads, with no limit on the whole (an answer may stream for long); any other request gets
     * {@code response} for the whole answer.
     */
    public UpstreamTimeouts forRequest(boolean streaming) {
        return streaming ? new UpstreamTimeouts(connect, headers, Duration.ZERO, idle)
                : new UpstreamTimeouts(connect, Duration.ZERO, response, Duration.ZERO);
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
