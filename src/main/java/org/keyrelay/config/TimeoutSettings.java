package org.keyrelay.config;

import java.time.Duration;
import org.keyrelay.relay.UpstreamTimeouts;

/**
 * A provider's upstream timeouts from the keyring ({@code timeouts:} connect, headers, response, idle); each one not
 * set (null) is the gateway's ({@code keyrelay.upstream.*}). Zero is no limit.
 */
public record TimeoutSettings(Duration connect, Duration headers, Duration response, Duration idle) {

    /** Nothing set: the gateway's timeouts apply. */
    public static final TimeoutSettings NONE = new TimeoutSettings(null, null, null, null);

    /** The timeouts that apply: these where set, {@code gateway}'s elsewhere. */
    public UpstreamTimeouts over(UpstreamTimeouts gateway) {
        return gateway.overriddenBy(connect, headers, response, idle);
    }
}
