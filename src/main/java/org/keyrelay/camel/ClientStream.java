package org.keyrelay.camel;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes a streamed answer straight to the client's Netty channel: a chunked response head, each chunk as it
 * comes (the next one is asked for only when the last was written, so a slow client slows its upstream instead
 * of filling memory), and the end.
 */
final class ClientStream {

    private final ChannelHandlerContext channel;
    private final boolean keepAlive;

    ClientStream(ChannelHandlerContext channel, boolean keepAlive) {
        this.channel = channel;
        this.keepAlive = keepAlive;
    }

    void start(int status, List<Map.Entry<String, String>> headers, byte[] first, Consumer<Throwable> written) {
        DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        headers.forEach(h -> head.headers().add(h.getKey(), h.getValue()));
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        head.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        if (first.length == 0) {
            channel.writeAndFlush(head).addListener(f -> written.accept(f.cause()));
        } else {
            channel.write(head);
            write(first, written);
        }
    }

    void write(byte[] chunk, Consumer<Throwable> written) {
        if (chunk.length == 0) {
            written.accept(null);
            return;
        }
        channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk))).addListener(f -> written.accept(f.cause()));
    }

    void end(Runnable ended) {
        channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> {
            if (!keepAlive) {
                channel.close();
            }
            ended.run();
        });
    }

    /** The stream broke after its head went out: close, so the client sees it incomplete rather than ended. */
    void abort() {
        channel.close();
    }

    void onClientGone(ChannelFutureListener listener) {
        channel.channel().closeFuture().addListener(listener);
    }

    void forget(ChannelFutureListener listener) {
        channel.channel().closeFuture().removeListener(listener);
    }
}
