package org.keyrelay.camel;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;
import java.util.Map;

/**
 * Writes a streamed answer straight to the client's Netty channel: a chunked response head, each chunk as it
 * comes, and the end. Each write's future says when the chunk left, so the relay can stop reading its upstream
 * while the client is behind (a slow client slows its upstream instead of filling memory).
 */
final class ClientStream {

    private final ChannelHandlerContext channel;
    private final boolean keepAlive;

    ClientStream(ChannelHandlerContext channel, boolean keepAlive) {
        this.channel = channel;
        this.keepAlive = keepAlive;
    }

    /** The head, and {@code first} (taken over) as the first chunk. */
    ChannelFuture start(int status, List<Map.Entry<String, String>> headers, ByteBuf first) {
        DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        headers.forEach(h -> head.headers().add(h.getKey(), h.getValue()));
        head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        head.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
        if (!first.isReadable()) {
            first.release();
            return channel.writeAndFlush(head);
        }
        channel.write(head);
        return writeAndFlush(first);
    }

    /** One chunk (taken over), flushed. */
    ChannelFuture writeAndFlush(ByteBuf chunk) {
        if (!chunk.isReadable()) {
            chunk.release();
            return channel.newSucceededFuture();
        }
        return channel.writeAndFlush(new DefaultHttpContent(chunk));
    }

    /** One chunk (taken over), left for {@link #flush} (or the end) to send. */
    ChannelFuture write(ByteBuf chunk) {
        if (!chunk.isReadable()) {
            chunk.release();
            return channel.newSucceededFuture();
        }
        return channel.write(new DefaultHttpContent(chunk));
    }

    void flush() {
        channel.flush();
    }

    /** The end, with {@code lastChunk} (taken over; may be empty) before it in the same write. */
    void end(ByteBuf lastChunk, Runnable ended) {
        LastHttpContent last;
        if (lastChunk.isReadable()) {
            last = new DefaultLastHttpContent(lastChunk);
        } else {
            lastChunk.release();
            last = LastHttpContent.EMPTY_LAST_CONTENT;
        }
        channel.writeAndFlush(last).addListener(f -> {
            if (!keepAlive) {
                channel.close();
            }
            ended.run();
        });
    }

    /** The stream broke after its head went out: close, so the client sees it incomplete rather than ended. */
    void abort() {
        channel.flush(); // what came before the break still goes out
        channel.close();
    }

    boolean isOpen() {
        return channel.channel().isActive();
    }

    void onClientGone(ChannelFutureListener listener) {
        channel.channel().closeFuture().addListener(listener);
    }

    void forget(ChannelFutureListener listener) {
        channel.channel().closeFuture().removeListener(listener);
    }
}
