package org.keyrelay.camel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.keyrelay.Gateway;

/**
 * Never an open relay: when client tokens are configured, the request must carry one, as
 * {@code Authorization: Bearer TOKEN} or {@code x-api-key: TOKEN}; otherwise 401 and no upstream is asked.
 * The tokens are read per request, so a reloaded keyring's {@code clients} apply at once.
 */
public final class ClientAccess implements Processor {

    private final Gateway gateway;

    public ClientAccess(Gateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public void process(Exchange exchange) {
        List<String> tokens = gateway.clientTokens();
        if (tokens.isEmpty()) {
            return;
        }
        ClientRequest request = RequestContext.of(exchange).request();
        String presented = credential(request);
        if (presented == null || !known(tokens, presented.getBytes(StandardCharsets.UTF_8))) {
            throw new GatewayRejection(401, "unauthorized", presented == null
                    ? "This gateway needs a client token: send it as Authorization: Bearer <token> or x-api-key: <token>."
                    : "The client token is not one this gateway knows.", Map.of());
        }
    }

    private static String credential(ClientRequest request) {
        String authorization = request.header("authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        String apiKey = request.header("x-api-key");
        return apiKey == null ? null : apiKey.strip();
    }

    private static boolean known(List<String> tokens, byte[] presented) {
        boolean match = false;
        for (String token : tokens) {
            match |= MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), presented);
        }
        return match;
    }
}
