package org.keyrelay.camel;

import java.util.Map;
import org.keyrelay.http.ProblemException;

/**
 * The gateway answers the client itself, without asking an upstream: a provider without keys, a request it cannot
 * forward. The same {@link org.keyrelay.http.Problem} as every other gateway and admin error, under the name its
 * callers in the relay use.
 */
public final class GatewayRejection extends ProblemException {

    public GatewayRejection(int status, String type, String message, Map<String, Object> details) {
        super(status, type, message, details);
    }
}
