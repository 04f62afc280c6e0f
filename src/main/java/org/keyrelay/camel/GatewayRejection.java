package org.keyrelay.camel;

import java.util.Map;

/**
 * The gateway answers the client itself, without asking an upstream: an unknown provider, a missing client
 * token, a body over the limit, a provider without keys. The message is safe to show the client.
 */
public final class GatewayRejection extends RuntimeException {

    private final int status;
    private final String type;
    private final Map<String, Object> details;

    public GatewayRejection(int status, String type, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.details = Map.copyOf(details);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public Map<String, Object> details() {
        return details;
    }
}
