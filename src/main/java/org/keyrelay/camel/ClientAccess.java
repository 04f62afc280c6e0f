package org.keyrelay.camel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
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
        check(RequestContext.of(exchange).request()::header);
    }

    /**
     * The same check from the request's headers alone ({@code header} looks one up by name, any case): the ingress
     * makes it before it reads a body, so a client without a token learns nothing else first.
     *
     * @throws GatewayRejection 401 when a token is needed and missing or unknown
     */
    public void check(Function<String, String> header) {
        List<String> tokens = gateway.clientTokens();
        if (tokens.isEmpty()) {
            return;
        }
        String presented = credential(header);
        if (presented == null || !known(tokens, presented.getBytes(StandardCharsets.UTF_8))) {
            throw new GatewayRejection(401, "unauthorized", presented == null
                    ? "This gateway needs a client token: send it as Authorization: Bearer <token> or x-api-key: <token>."
                    : "The client token is not one this gateway knows.", Map.of());
        }
    }

    private static String credential(Function<String, String> header) {
        String authorization = header.apply("authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        String apiKey = header.apply("x-api-key");
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
