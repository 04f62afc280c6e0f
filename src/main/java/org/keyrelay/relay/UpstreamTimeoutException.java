package org.keyrelay.relay;

import java.io.IOException;

/** An upstream request ran out of one of its {@link UpstreamTimeouts}; the message names which. */
public final class UpstreamTimeoutException extends IOException {

    public UpstreamTimeoutException(String message) {
        super(message);
    }
}
