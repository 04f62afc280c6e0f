package org.keyrelay.relay;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where upstream connections go, and how they are trusted: connections are pooled per origin (and event loop).
 *
 * @param https  TLS to the upstream
 * @param host   host name or address literal (without brackets)
 * @param port   the port, the scheme's default filled in
 * @param caFile extra CA certificates (PEM) to trust besides the JDK's, or null
 */
public record UpstreamOrigin(boolean https, String host, int port, Path caFile) {

    public static UpstreamOrigin of(URI upstream, Path caFile) {
        boolean https = "https".equalsIgnoreCase(upstream.getScheme());
        String host = upstream.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = upstream.getPort() != -1 ? upstream.getPort() : https ? 443 : 80;
        return new UpstreamOrigin(https, host, port, caFile);
    }

    @Override
    public String toString() {
        return (https ? "https://" : "http://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
