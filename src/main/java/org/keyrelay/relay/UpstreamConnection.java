package org.keyrelay.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;

/**
 * The last handler of a pooled upstream connection: hands what the HTTP codec decodes to the exchange in progress.
 * One exchange at a time; between exchanges the connection is idle in its pool, and anything it reads then (or
 * an exchange's failure) closes it.
 */
public final class UpstreamConnection extends ChannelInboundHandlerAdapter {

    private Channel channel;
    private UpstreamListener listener;
    private boolean informational;
    private int sent;

    /** The connection's handler (the last in its pipeline). */
    public static UpstreamConnection of(Channel channel) {
        return channel.pipeline().get(UpstreamConnection.class);
    }

    /**
     * Whether this connection carried an exchange before (it was kept alive in its pool): the upstream may have closed
     * it meanwhile, which only shows when the next request fails on it before any answer.
     */
    public boolean reused() {
        return sent > 0;
    }

    /** Sends the request; what comes back goes to {@code to} until {@link #detach}. */
    public void send(HttpRequest request, UpstreamListener to) {
        sent++;
        listener = to;
        channel.writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess()) {
                fail(f.cause());
            }
        });
    }

    /** The exchange is over: nothing more goes to its listener. */
    public void detach() {
        listener = null;
    }

    public Channel channel() {
        return channel;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            UpstreamListener to = listener;
            if (to == null) {
                ctx.close(); // an idle connection that talks is not one to reuse
                return;
            }
            if (msg instanceof HttpResponse head) {
                informational = head.status().code() / 100 == 1 && head.status().code() != 101;
                if (!informational) {
                    to.head(head);
                }
            }
            if (msg instanceof HttpContent content) {
                if (informational) {
                    informational = !(msg instanceof LastHttpContent); // a 100 Continue's end: the real head follows
                } else if (listener == to) {
                    to.content(content.content(), msg instanceof LastHttpContent);
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        UpstreamListener to = listener;
        if (to != null) {
            to.readComplete();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(cause);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        fail(new ClosedChannelException());
        super.channelInactive(ctx);
    }

    private void fail(Throwable cause) {
        UpstreamListener to = listener;
        listener = null;
        if (to != null) {
            to.failed(cause);
        }
    }
}
