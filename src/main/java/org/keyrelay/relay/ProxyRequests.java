package org.keyrelay.relay;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Sends an http upstream's requests to a forward proxy, as HTTP/1.1 asks of a client talking to one: the request
 * target in absolute form ({@code POST http://host:port/v1/chat/completions}), with {@code Proxy-Authorization} when
 * the proxy has credentials. Sits after the HTTP codec of a connection to the proxy.
 */
final class ProxyRequests extends ChannelOutboundHandlerAdapter {

    private final String origin;
    private final String authorization;

    ProxyRequests(UpstreamOrigin origin, UpstreamProxies.Proxy proxy) {
        this.origin = origin.toString();
        this.authorization = proxy.username() == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (proxy.username() + ":" + (proxy.password() == null ? "" : proxy.password())).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpRequest request && request.uri().startsWith("/")) {
            request.setUri(origin + request.uri());
            if (authorization != null) {
                request.headers().set(HttpHeaderNames.PROXY_AUTHORIZATION, authorization);
            }
        }
        ctx.write(msg, promise);
    }

    @Override
    public String toString() {
        return "ProxyRequests[" + origin + "]"; // never the credentials
    }
}
