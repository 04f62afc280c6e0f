package org.keyrelay.camel;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;
import org.apache.camel.Message;
import org.apache.camel.component.netty.NettyConstants;
import org.apache.camel.component.netty.http.DefaultNettyHttpBinding;
import org.apache.camel.component.netty.http.NettyHttpConfiguration;

/**
 * How the ingress answers: a {@link ClientResponse} body is written with exactly its own headers (nothing of the
 * request leaks back), and when the relay already streamed the answer to the channel, nothing more is written.
 */
public final class GatewayHttpBinding extends DefaultNettyHttpBinding {

    @Override
    public HttpResponse toNettyResponse(Message message, NettyHttpConfiguration configuration) throws Exception {
        RequestContext context = RequestContext.of(message.getExchange());
        if (context != null && context.responseWritten()) {
            return null;
        }
        if (message.getBody() instanceof ClientResponse answer) {
            DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(answer.body()));
            for (Map.Entry<String, String> h : answer.headers()) {
                response.headers().add(h.getKey(), h.getValue());
            }
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
            boolean keepAlive = context == null || context.request().keepAlive();
            response.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
            if (!keepAlive) {
                message.setHeader(NettyConstants.NETTY_CLOSE_CHANNEL_WHEN_COMPLETE, true);
            }
            return response;
        }
        return super.toNettyResponse(message, configuration);
    }
}
