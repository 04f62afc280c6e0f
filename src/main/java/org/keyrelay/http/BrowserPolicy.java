package org.keyrelay.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which browsers may talk to the gateway, on both of its ports (the Ollama way: {@code OLLAMA_ORIGINS} and its Host
 * check). One rule, in this order:
 * <ol>
 *   <li>{@code Host}: a loopback name or address ({@code localhost}, {@code *.localhost}, 127.0.0.0/8, ::1), the host
 *       the port listens on, or one of {@code allowedHosts}; anything else is a DNS-rebinding page and is refused. A
 *       request without a Host (not a browser) passes.</li>
 *   <li>{@code Origin} and {@code Sec-Fetch-Site}: an origin in {@code allowedOrigins} passes; otherwise a request
 *       from another origin than the port's own, or one a browser marks as coming from another site, is refused.
 *       Requests without those headers (curl, SDKs, scripts) pass.</li>
 * </ol>
 * An allowed origin gets CORS answers ({@link #corsHeaders}, {@link #preflightHeaders}). Entries may use {@code *}
 * as a wildcard ({@code http://localhost:*}); a lone {@code *} allows every host or origin.
 */
public final class BrowserPolicy {

    public static final BrowserPolicy NONE = new BrowserPolicy(List.of(), List.of());
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    static final String METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";

    private final List<String> allowedHosts;
    private final List<String> allowedOrigins;
    private final List<Pattern> hostPatterns;
    private final List<Pattern> originPatterns;

    public BrowserPolicy(List<String> allowedHosts, List<String> allowedOrigins) {
        this.allowedHosts = List.copyOf(allowedHosts);
        this.allowedOrigins = List.copyOf(allowedOrigins);
        this.hostPatterns = this.allowedHosts.stream().map(BrowserPolicy::glob).toList();
        this.originPatterns = this.allowedOrigins.stream().map(BrowserPolicy::glob).toList();
    }

    public List<String> allowedHosts() {
        return allowedHosts;
    }

    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    /**
     * Why this request must be refused (403), or empty when it may pass.
     *
     * @param scheme   the port's scheme ({@code http})
     * @param ownHost  the host the port listens on (its configured {@code --host} / {@code --management-host})
     */
    public Optional<String> refusal(String scheme, String ownHost, String host, String origin, String fetchSite) {
        if (host != null && !host.isBlank() && !hostAllowed(hostName(host), ownHost)) {
            return Optional.of("Host '" + host + "' is not this gateway's: it answers to loopback names, "
                    + ownHost + " and the keyring's allowedHosts.");
        }
        if (origin != null && originAllowed(origin)) {
            return Optional.empty();
        }
        boolean ownOrigin = origin != null && host != null
                && origin.toLowerCase(Locale.ROOT).equals((scheme + "://" + host).toLowerCase(Locale.ROOT));
        if (origin != null && !ownOrigin) {
            return Optional.of("Requests from web pages at " + origin + " are refused: add the origin to the keyring's"
                    + " allowedOrigins to let that page use the gateway.");
        }
        if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
            return Optional.of("Requests from other web sites (Sec-Fetch-Site: " + fetchSite + ") are refused.");
        }
        return Optional.empty();
    }

    public boolean originAllowed(String origin) {
        String lower = origin.toLowerCase(Locale.ROOT);
        return originPatterns.stream().anyMatch(p -> p.matcher(lower).matches());
    }

    /** The CORS headers for an answer to {@code origin}: none unless it is allowed. */
    public List<Map.Entry<String, String>> corsHeaders(String origin) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        if (origin != null && originAllowed(origin)) {
            headers.add(Map.entry("Access-Control-Allow-Origin", origin));
            headers.add(Map.entry("Access-Control-Expose-Headers", "*"));
            headers.add(Map.entry("Vary", "Origin"));
        }
        return headers;
    }

    /** Whether a request is a CORS preflight ({@code OPTIONS} with Origin and Access-Control-Request-Method). */
    public static boolean isPreflight(String method, String origin, String requestMethod) {
        return "OPTIONS".equalsIgnoreCase(method) && origin != null && requestMethod != null;
    }

    /** The headers of a 204 answer to an allowed origin's preflight. */
    public List<Map.Entry<String, String>> preflightHeaders(String origin, String requestHeaders) {
        List<Map.Entry<String, String>> headers = new ArrayList<>(corsHeaders(origin));
        headers.add(Map.entry("Access-Control-Allow-Methods", METHODS));
        if (requestHeaders != null && !requestHeaders.isBlank()) {
            headers.add(Map.entry("Access-Control-Allow-Headers", requestHeaders));
        }
        headers.add(Map.entry("Access-Control-Max-Age", "600"));
        return headers;
    }

    private boolean hostAllowed(String name, String ownHost) {
        if (name.equals("localhost") || name.endsWith(".localhost") || isLoopbackAddress(name)) {
            return true;
        }
        if (ownHost != null && name.equals(hostName(ownHost)) && !isWildcard(name)) {
            return true;
        }
        return hostPatterns.stream().anyMatch(p -> p.matcher(name).matches());
    }

    /** The name part of a Host header, lower case: no port, no brackets, no trailing dot. */
    static String hostName(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            h = end < 0 ? h.substring(1) : h.substring(1, end);
        } else if (h.indexOf(':') == h.lastIndexOf(':') && h.indexOf(':') >= 0) {
            h = h.substring(0, h.indexOf(':'));
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static boolean isLoopbackAddress(String name) {
        if (IPV4.matcher(name).matches()) {
            return name.startsWith("127.");
        }
        if (name.contains(":") && name.matches("[0-9a-f:.]+")) {
            try {
                return InetAddress.getByName(name).isLoopbackAddress(); // a literal: no name lookup
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    private static boolean isWildcard(String name) {
        return name.equals("0.0.0.0") || name.equals("::") || name.equals("0:0:0:0:0:0:0:0");
    }

    private static Pattern glob(String entry) {
        List<String> parts = new ArrayList<>();
        for (String part : entry.strip().toLowerCase(Locale.ROOT).split("\\*", -1)) {
            parts.add(Pattern.quote(part));
        }
        return Pattern.compile(String.join(".*", parts));
    }
}
