package org.keyrelay.bench.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Writes the upstream's answer back to the client, the same for both upstream clients: status, end-to-end headers
 * and the aggregated body, with a Content-Length and keep-alive. Called on whatever thread the client delivers the
 * answer on; a write from another thread is queued to the ingress channel's loop by Netty.
 */
class Answer {

    private final ChannelHandlerContext ingress;
    private final boolean keepAlive;

    Answer(ChannelHandlerContext ingress, boolean keepAlive) {
        this.ingress = ingress;
        this.keepAlive = keepAlive;
    }

    /** Takes ownership of {@code body}. */
    void respond(HttpResponseStatus status, HttpHeaders upstreamHeaders, ByteBuf body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        HttpHeaders headers = response.headers();
        headers.set(upstreamHeaders);
        HopByHop.strip(headers);
        HttpUtil.setContentLength(response, body.readableBytes());
        HttpUtil.setKeepAlive(response, keepAlive);
        write(response);
    }

    void fail(Throwable cause) {
        ByteBuf body = Unpooled.copiedBuffer("{\"error\":{\"message\":\"upstream failed: " + cause.getClass().getSimpleName()
                + "\",\"type\":\"relay_probe\"}}", StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_GATEWAY, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        HttpUtil.setContentLength(response, body.readableBytes());
        HttpUtil.setKeepAlive(response, keepAlive);
        write(response);
    }

    private void write(FullHttpResponse response) {
        var written = ingress.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
