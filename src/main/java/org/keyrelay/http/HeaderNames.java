package org.keyrelay.http;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Header names the gateway treats specially, lower-case. */
public final class HeaderNames {

    /** Hop-by-hop headers (RFC 9110 7.6.1) plus those the HTTP client sets itself: they never cross the gateway. */
    public static final Set<String> HOP_BY_HOP = Set.of(
            "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
            "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect", "http2-settings");

    /** Credentials a client may send: the gateway's access token travels in them, never the upstream's key. */
    public static final Set<String> CLIENT_CREDENTIALS = Set.of(
            "authorization", "x-api-key", "api-key", "x-goog-api-key", "cookie");

    public static final String KEY = "X-Keyrelay-Key";
    public static final String ATTEMPTS = "X-Keyrelay-Attempts";

    private HeaderNames() {
    }

    public static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * Which headers stop at the gateway: hop-by-hop ones, HTTP/2 pseudo-headers, and those the message's own
     * Connection header names ({@code connectionValues}: the values of its Connection headers, comma-separated lists).
     */
    public static Predicate<String> hopByHop(Stream<String> connectionValues) {
        Set<String> named = connectionValues.flatMap(v -> Arrays.stream(v.split(",")))
                .map(token -> lower(token.strip())).collect(Collectors.toSet());
        return name -> {
            String lower = lower(name);
            return HOP_BY_HOP.contains(lower) || named.contains(lower) || lower.startsWith(":");
        };
    }

    /** An RFC 9110 token: what a header name may be. */
    public static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
