package org.keyrelay.relay;

import io.netty.util.NetUtil;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The proxy an upstream is reached through, from the environment as curl and most tools read it:
 * {@code HTTPS_PROXY} for https upstreams, {@code HTTP_PROXY} for http ones (the lower-case names win), both
 * {@code http://[user:password@]host[:port]}; {@code NO_PROXY} lists hosts (and their subdomains) and address blocks
 * ({@code 10.0.0.0/8}, {@code fd00::/8}) reached directly, {@code *} for all. Loopback upstreams ({@code localhost}, 127.x, ::1) are always reached directly. How a proxy is
 * used ({@link UpstreamConnections}): a CONNECT tunnel to an https upstream, requests in absolute form to an http one.
 */
public final class UpstreamProxies {

    /** No proxy for anything. */
    public static final UpstreamProxies NONE = new UpstreamProxies(null, null, List.of(), List.of());

    /** A proxy; {@code toString()} masks the password. */
    public record Proxy(String host, int port, String username, String password) {

        @Override
        public String toString() {
            return "http://" + (username == null ? "" : username + (password == null ? "" : ":***") + "@") + host + ":" + port;
        }
    }

    /** A {@code NO_PROXY} address block: the addresses whose first {@code bits} bits are the network's. */
    private record Block(String text, byte[] network, int bits) {

        /** @throws IllegalArgumentException naming the variable and the entry when it is not an address block */
        static Block parse(String entry, String variable) {
            int slash = entry.indexOf('/');
            byte[] network = NetUtil.createByteArrayFromIpAddressString(entry.substring(0, slash));
            try {
                int bits = Integer.parseInt(entry.substring(slash + 1));
                if (network != null && bits >= 0 && bits <= network.length * 8) {
                    return new Block(entry, network, bits);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(variable + ": '" + entry + "' is not a host name or an address block"
                    + " (like 10.0.0.0/8 or fd00::/8)");
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final Proxy https;
    private final Proxy http;
    private final List<String> direct;
    private final List<Block> directBlocks;

    private UpstreamProxies(Proxy https, Proxy http, List<String> direct, List<Block> directBlocks) {
        this.https = https;
        this.http = http;
        this.direct = direct;
        this.directBlocks = directBlocks;
    }

    /**
     * @throws IllegalArgumentException naming the variable when a proxy is not an http URL with a host
     */
    public static UpstreamProxies fromEnvironment(Map<String, String> env) {
        Proxy https = proxy(env, "https_proxy", "HTTPS_PROXY");
        Proxy http = proxy(env, "http_proxy", "HTTP_PROXY");
        List<String> direct = new ArrayList<>();
        List<Block> directBlocks = new ArrayList<>();
        String noProxy = value(env, "no_proxy", "NO_PROXY");
        String noProxyName = name(env, "no_proxy", "NO_PROXY");
        if (noProxy != null) {
            for (String entry : noProxy.split(",")) {
                String host = entry.strip().toLowerCase(Locale.ROOT);
                if (host.contains("/")) {
                    directBlocks.add(Block.parse(host, noProxyName));
                    continue;
                }
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
        return https == null && http == null ? NONE
                : new UpstreamProxies(https, http, List.copyOf(direct), List.copyOf(directBlocks));
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
        byte[] address = NetUtil.createByteArrayFromIpAddressString(host);
        if (address != null && directBlocks.stream().anyMatch(b -> b.contains(address))) {
            return Optional.empty();
        }
        return Optional.of(proxy);
    }

    @Override
    public String toString() {
        return "https " + (https == null ? "direct" : https) + ", http " + (http == null ? "direct" : http)
                + (direct.isEmpty() && directBlocks.isEmpty() ? "" : ", direct for " + String.join(",",
                Stream.concat(direct.stream(), directBlocks.stream().map(Block::text)).toList()));
    }

    private static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.endsWith(".localhost") || h.startsWith("127.") || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1");
    }

    /** The variable's value (the lower-case name wins), or null when neither is set. */
    private static String value(Map<String, String> env, String lower, String upper) {
        String v = env.get(name(env, lower, upper));
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** Which of the two names the value comes from, for errors. */
    private static String name(Map<String, String> env, String lower, String upper) {
        String v = env.get(lower);
        return v != null && !v.isBlank() ? lower : upper;
    }

    private static Proxy proxy(Map<String, String> env, String lower, String upper) {
        String value = value(env, lower, upper);
        if (value == null) {
            return null;
        }
        String name = name(env, lower, upper);
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
