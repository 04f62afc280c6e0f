package org.keyrelay.camel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.keyrelay.Gateway;
import org.keyrelay.admin.AdminToken;
import org.keyrelay.http.ProblemException;

/**
 * The token check in front of a group of routes, in two configurations: {@link #admin} runs once for every admin
 * call, {@link #clients} for every client request of the gateway (never an open relay). A missing or unknown token is
 * a 401 {@code unauthorized} problem, and nothing after this step runs. Tokens are compared in constant time.
 */
public final class TokenAccess implements Processor {

    private final Supplier<Predicate<String>> tokens;
    private final Function<Exchange, String> presented;
    private final String missing;
    private final String unknown;

    /**
     * @param tokens    what accepts a presented token; null when none is required right now
     * @param presented the token the request carries, or null
     * @param missing   the message when none is presented
     * @param unknown   the message when the presented one is not accepted
     */
    private TokenAccess(Supplier<Predicate<String>> tokens, Function<Exchange, String> presented, String missing,
                        String unknown) {
        this.tokens = tokens;
        this.presented = presented;
        this.missing = missing;
        this.unknown = unknown;
    }

    /**
     * The admin API: {@code Authorization: Bearer <admin token>}. The header is removed once read, so it can never be
     * echoed.
     */
    public static TokenAccess admin(AdminToken token) {
        return new TokenAccess(() -> token::matches, exchange -> {
            String authorization = exchange.getIn().getHeader("Authorization", String.class);
            exchange.getIn().removeHeader("Authorization");
            return bearer(authorization);
        }, "The admin API needs Authorization: Bearer <admin token> (KEYRELAY_ADMIN_TOKEN, or the admin-token file in"
                + " the gateway's state dir).", "The admin token is wrong.");
    }

    /**
     * The gateway: when the keyring names client tokens, one of them as {@code Authorization: Bearer TOKEN} or
     * {@code x-api-key: TOKEN}. The tokens are read per request, so a reloaded keyring's {@code clients} apply at once.
     */
    public static TokenAccess clients(Gateway gateway) {
        return new TokenAccess(() -> {
            List<String> known = gateway.clientTokens();
            return known.isEmpty() ? null : presented -> anyOf(known, presented);
        }, exchange -> clientToken(RequestContext.of(exchange).request()::header), "This gateway needs a client token: send it as Authorization: Bearer <token> or x-api-key: <token>.",
                "The client token is not one this gateway knows.");
    }

    @Override
    public void process(Exchange exchange) {
        if (tokens.get() != null) {
            check(presented.apply(exchange));
        }
    }

    /**
     * The same check for a token already read (the ingress reads a client's from the request head, before its body:
     * {@link #clientToken}).
     *
     * @throws ProblemException 401 when a token is required and {@code token} is null or not accepted
     */
    public void check(String token) {
        Predicate<String> accepts = tokens.get();
        if (accepts == null) {
            return;
        }
        if (token == null || !accepts.test(token)) {
            throw new ProblemException(401, "unauthorized", token == null ? missing : unknown, Map.of());
        }
    }

    /** A client's token from its request headers ({@code header} looks one up by name): Bearer, else x-api-key. */
    public static String clientToken(Function<String, String> header) {
        String bearer = bearer(header.apply("authorization"));
        String apiKey = header.apply("x-api-key");
        return bearer != null ? bearer : apiKey == null ? null : apiKey.strip();
    }

    /** The token of {@code Authorization: Bearer TOKEN}, or null for another (or no) header value. */
    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).strip();
    }

    private static boolean anyOf(List<String> tokens, String presented) {
        byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (String token : tokens) {
            match |= MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), bytes);
        }
        return match;
    }
}
