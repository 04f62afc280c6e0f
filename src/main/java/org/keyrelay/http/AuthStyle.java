package org.keyrelay.http;

import java.util.Locale;

/**
 * How a provider wants its key: {@code bearer} (Authorization: Bearer KEY), {@code x-api-key}, or
 * {@code header:NAME} (the raw key in a header of that name).
 */
public record AuthStyle(String headerName, String prefix) {

    public static final AuthStyle BEARER = new AuthStyle("Authorization", "Bearer ");
    public static final AuthStyle X_API_KEY = new AuthStyle("x-api-key", "");

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
            return new AuthStyle(value.substring("header:".length()), "");
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
