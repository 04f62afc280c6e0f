package org.keyrelay.camel;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.keyrelay.config.ProviderConfig;
import org.keyrelay.http.UpstreamHeaders;
import org.keyrelay.pool.ApiKey;

/** Builds the request one attempt sends upstream: same method, path, query and body; clean headers; the chosen key. */
final class UpstreamRequests {

    /** Methods whose request carries a Content-Length even when the body is empty. */
    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH");

    private UpstreamRequests() {
    }

    static FullHttpRequest build(ProviderConfig provider, ClientRequest request, ApiKey key) {
        URI target = target(provider.upstream(), request.rest(), request.rawQuery());
        String path = (target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath())
                + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
        FullHttpRequest out = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(request.method()),
                path, Unpooled.wrappedBuffer(request.body()), false);
        out.headers().set(HttpHeaderNames.HOST, hostHeader(provider.upstream()));
        for (Map.Entry<String, String> h : UpstreamHeaders.forUpstream(request.headers(), provider.auth(),
                key.secret().reveal())) {
            out.headers().add(h.getKey(), h.getValue());
        }
        if (request.body().length > 0 || WITH_BODY.contains(request.method())) {
            out.headers().set(HttpHeaderNames.CONTENT_LENGTH, request.body().length);
        }
        return out;
    }

    /** The upstream's host, and its port unless it is the scheme's default. */
    static String hostHeader(URI upstream) {
        int port = upstream.getPort();
        boolean defaultPort = port == -1 || (port == 443 && "https".equalsIgnoreCase(upstream.getScheme()))
                || (port == 80 && "http".equalsIgnoreCase(upstream.getScheme()));
        return upstream.getHost() + (defaultPort ? "" : ":" + port);
    }

    static URI target(URI base, String rest, String rawQuery) {
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        if (basePath.endsWith("/") && rest.startsWith("/")) {
            basePath = basePath.substring(0, basePath.length() - 1);
        }
        String uri = base.getScheme() + "://" + base.getRawAuthority() + basePath + rest
                + (rawQuery == null ? "" : "?" + rawQuery);
        try {
            return URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new GatewayRejection(400, "bad_request", "The request path or query is not a valid URL part.", Map.of());
        }
    }
}
