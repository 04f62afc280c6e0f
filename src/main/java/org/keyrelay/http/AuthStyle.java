package org.keyrelay.http;

import java.util.Locale;

/**
 * How a provider wants its key: {@code bearer} (Authorization: Bearer KEY), {@code x-api-key}, or
 * {@code header:NAME} (the raw key in a header of that name).
 */
public record AuthStyle(String headerName, String prefix) {

    public static final AuthStyle BEARER = new AuthStyle("Authorization", "Bearer ");
    public static final AuthStyle X_API_KEY = new AuthStyle("x-api-key", "");
    /** Headers that route or frame a request: a key put there would break or redirect it. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("host", "content-length", "content-type",
            "content-encoding", "expect", "cookie", "origin", "forwarded", "x-forwarded-for", "x-forwarded-host");

    public static AuthStyle parse(String text) {
        String value = text == null ? "" : text.strip();
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.equals("bearer")) {
            return BEARER;
        }
        if (lower.equals("x-api-key")) {
            return X_API_KEY;
        }
        if (lower.startsWith("header:") && value.length() > "header:".length()
                && HeaderNames.isToken(value.substring("header:".length()))) {
            String name = value.substring("header:".length());
            if (RESERVED.contains(HeaderNames.lower(name)) || HeaderNames.HOP_BY_HOP.contains(HeaderNames.lower(name))) {
                throw new IllegalArgumentException("'" + text + "': " + name + " routes or frames the request and cannot"
                        + " carry a key (use bearer, x-api-key or header:NAME with another header)");
            }
            return new AuthStyle(name, "");
        }
        throw new IllegalArgumentException("'" + text + "' is not one of bearer, x-api-key, header:NAME");
    }

    public String headerValue(String secret) {
        return prefix + secret;
    }

    public String configName() {
        if (this.equals(BEARER)) {
            return "bearer";
        }
        return this.equals(X_API_KEY) ? "x-api-key" : "header:" + headerName;
    }
}
