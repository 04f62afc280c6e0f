package org.keyrelay.relay;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The proxy an upstream is reached through, from the environment as curl and most tools read it:
 * {@code HTTPS_PROXY} for https upstreams, {@code HTTP_PROXY} for http ones (the lower-case names win), both
 * {@code http://[user:password@]host[:port]}; {@code NO_PROXY} lists hosts (and their subdomains) reached directly,
 * {@code *} for all. Loopback upstreams ({@code localhost}, 127.x, ::1) are always reached directly. How a proxy is
 * used ({@link UpstreamConnections}): a CONNECT tunnel to an https upstream, requests in absolute form to an http one.
 */
public final class UpstreamProxies {

    /** No proxy for anything. */
    public static final UpstreamProxies NONE = new UpstreamProxies(null, null, List.of());

    /** A proxy; {@code toString()} masks the password. */
    public record Proxy(String host, int port, String username, String password) {

        @Override
        public String toString() {
            return "http://" + (username == null ? "" : username + (password == null ? "" : ":***") + "@") + host + ":" + port;
        }
    }

    private final Proxy https;
    private final Proxy http;
    private final List<String> direct;

    private UpstreamProxies(Proxy https, Proxy http, List<String> direct) {
        this.https = https;
        this.http = http;
        this.direct = direct;
    }

    /**
     * @throws IllegalArgumentException naming the variable when a proxy is not an http URL with a host
     */
    public static UpstreamProxies fromEnvironment(Map<String, String> env) {
        Proxy https = proxy(env, "https_proxy", "HTTPS_PROXY");
        Proxy http = proxy(env, "http_proxy", "HTTP_PROXY");
        List<String> direct = new ArrayList<>();
        String noProxy = value(env, "no_proxy", "NO_PROXY");
        if (noProxy != null) {
            for (String entry : noProxy.split(",")) {
                String host = entry.strip().toLowerCase(Locale.ROOT);
                if (host.startsWith("[")) {
                    host = host.substring(1, Math.max(1, host.indexOf(']')));
                } else if (host.indexOf(':') == host.lastIndexOf(':') && host.contains(":")) {
                    host = host.substring(0, host.indexOf(':')); // host:port
                }
                host = host.startsWith("*.") ? host.substring(2) : host.startsWith(".") ? host.substring(1) : host;
                if (!host.isEmpty()) {
                    direct.add(host);
                }
            }
        }
        return https == null && http == null ? NONE : new UpstreamProxies(https, http, List.copyOf(direct));
    }

    /** The proxy for this origin, or empty to connect directly. */
    public Optional<Proxy> forOrigin(UpstreamOrigin origin) {
        Proxy proxy = origin.https() ? https : http;
        if (proxy == null || isLoopback(origin.host())) {
            return Optional.empty();
        }
        String host = origin.host().toLowerCase(Locale.ROOT);
        for (String d : direct) {
            if (d.equals("*") || host.equals(d) || host.endsWith("." + d)) {
                return Optional.empty();
            }
        }
        return Optional.of(proxy);
    }

    @Override
    public String toString() {
        return "https " + (https == null ? "direct" : https) + ", http " + (http == null ? "direct" : http)
                + (direct.isEmpty() ? "" : ", direct for " + String.join(",", direct));
    }

    private static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.endsWith(".localhost") || h.startsWith("127.") || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1");
    }

    private static String value(Map<String, String> env, String lower, String upper) {
        String v = env.get(lower);
        if (v == null || v.isBlank()) {
            v = env.get(upper);
        }
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static Proxy proxy(Map<String, String> env, String lower, String upper) {
        String value = value(env, lower, upper);
        if (value == null) {
            return null;
        }
        String name = env.get(lower) != null && !env.get(lower).isBlank() ? lower : upper;
        String text = value.contains("://") ? value : "http://" + value;
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(name + ": '" + masked(value) + "' is not a proxy URL (http://host:port)");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(name + ": '" + masked(value)
                    + "' is not a proxy URL (http://host:port; only http proxies are supported)");
        }
        String user = null;
        String password = null;
        if (uri.getUserInfo() != null) {
            String info = uri.getUserInfo();
            int colon = info.indexOf(':');
            user = colon < 0 ? info : info.substring(0, colon);
            password = colon < 0 ? null : info.substring(colon + 1);
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Proxy(host, uri.getPort() == -1 ? 80 : uri.getPort(), user, password);
    }

    /** The value with any password replaced, for an error message. */
    private static String masked(String value) {
        return value.replaceAll("(://[^:/@]*):[^@/]*@", "$1:***@");
    }
}
