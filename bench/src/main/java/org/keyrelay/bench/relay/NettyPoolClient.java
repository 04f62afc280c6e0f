package org.keyrelay.bench.relay;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.SimpleChannelPool;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Netty's own client pieces as Keyrelay's {@code UpstreamConnections} uses them: a {@link SimpleChannelPool} per event
 * loop (the ingress channel's own), most recently used first, a closed connection never handed out; TCP_NODELAY;
 * {@link HttpClientCodec} and an {@link HttpObjectAggregator}. Request, answer and the write back all run on the
 * ingress channel's loop.
 */
final class NettyPoolClient implements UpstreamClient {

    private static final AttributeKey<Answer> PENDING = AttributeKey.valueOf("relayProbeAnswer");

    private final InetSocketAddress upstream;
    private final String host;
    private final Class<? extends Channel> transport;
    private final Map<EventLoop, SimpleChannelPool> pools = new ConcurrentHashMap<>();

    NettyPoolClient(URI upstream, Class<? extends Channel> transport) {
        this.upstream = new InetSocketAddress(upstream.getHost(), upstream.getPort());
        this.host = upstream.getHost() + ":" + upstream.getPort();
        this.transport = transport;
    }

    @Override
    public void exchange(Channel ingress, HttpMethod method, String uri, HttpHeaders headers, ByteBuf body, Answer answer) {
        EventLoop loop = ingress.eventLoop();
        pools.computeIfAbsent(loop, this::pool).acquire().addListener((Future<Channel> acquired) -> {
            if (!acquired.isSuccess()) {
                body.release();
                answer.fail(acquired.cause());
                return;
            }
            Channel upstreamChannel = acquired.getNow();
            upstreamChannel.attr(PENDING).set(answer);
            var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri, body, headers,
                    EmptyHttpHeaders.INSTANCE);
            request.headers().set(HttpHeaderNames.HOST, host);
            upstreamChannel.writeAndFlush(request).addListener(written -> {
                if (!written.isSuccess()) {
                    upstreamChannel.close();
                }
            });
        });
    }

    private SimpleChannelPool pool(EventLoop loop) {
        Bootstrap bootstrap = new Bootstrap().group(loop).channel(transport)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .remoteAddress(upstream);
        return new SimpleChannelPool(bootstrap, new AbstractChannelPoolHandler() {
            @Override
            public void channelCreated(Channel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(16 * 1024 * 1024), new Reply());
            }
        }, ChannelHealthChecker.ACTIVE, true, true);
    }

    /** The aggregated answer: to the pending {@link Answer}, the connection back to its loop's pool. */
    private final class Reply extends SimpleChannelInboundHandler<FullHttpResponse> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            Answer answer = ctx.channel().attr(PENDING).getAndSet(null);
            if (answer == null) {
                ctx.close();
                return;
            }
            if (!HttpUtil.isKeepAlive(response)) {
                ctx.close();
            }
            pools.get(ctx.channel().eventLoop()).release(ctx.channel());
            answer.respond(response.status(), response.headers(), response.content().retain());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Answer answer = ctx.channel().attr(PENDING).getAndSet(null);
            if (answer != null) {
                answer.fail(new ClosedChannelException());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Answer answer = ctx.channel().attr(PENDING).getAndSet(null);
            ctx.close();
            if (answer != null) {
                answer.fail(cause);
            }
        }
    }
}
