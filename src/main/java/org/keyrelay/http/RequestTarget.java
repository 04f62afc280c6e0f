package org.keyrelay.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A client's request target (RFC 9112 3.2), checked: origin-form ({@code /kimi/v1/models?x=1}) or absolute-form
 * ({@code http://127.0.0.1:8080/kimi/v1/models}). A path with a dot segment ({@code .} or {@code ..}, also
 * percent-encoded) is refused: it could leave the provider's base path upstream.
 *
 * @param path     the raw path, starting with {@code /}
 * @param rawQuery the raw query, or null
 */
public record RequestTarget(String path, String rawQuery) {

    /** @throws IllegalArgumentException naming what is wrong with the target */
    public static RequestTarget parse(String uri) {
        if (uri == null || uri.isEmpty()) {
            throw new IllegalArgumentException("the request target is empty");
        }
        String target = uri;
        String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            try {
                URI absolute = new URI(uri);
                if (absolute.getRawAuthority() == null) {
                    throw new IllegalArgumentException("the absolute request target has no host");
                }
                String path = absolute.getRawPath() == null || absolute.getRawPath().isEmpty() ? "/" : absolute.getRawPath();
                target = absolute.getRawQuery() == null ? path : path + "?" + absolute.getRawQuery();
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("the request target is not a valid URL (" + e.getReason() + ")");
            }
        } else if (!uri.startsWith("/") || uri.startsWith("//")) {
            throw new IllegalArgumentException("the request target must be a path starting with a single /");
        }
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String rawQuery = q < 0 ? null : target.substring(q + 1);
        int fragment = path.indexOf('#');
        if (fragment >= 0) {
            throw new IllegalArgumentException("the request target has a fragment (#)");
        }
        // encoded dots and slashes too: an upstream that decodes them must not see a way out of its base path
        String decoded = path.toLowerCase(Locale.ROOT).replace("%2e", ".").replace("%2f", "/").replace("%5c", "/")
                .replace('\\', '/');
        for (String segment : decoded.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("the path " + path + " has a dot segment ('" + segment
                        + "'); send the path without . and .. segments");
            }
        }
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException("the request target has a control character or a space");
            }
        }
        return new RequestTarget(path, rawQuery);
    }
}
