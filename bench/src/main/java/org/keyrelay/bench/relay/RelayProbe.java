package org.keyrelay.bench.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.keyrelay.bench.Transport;

/**
 * The upstream hop measured on its own: one minimal HTTP reverse proxy on 127.0.0.1:{@code --port} in front of
 * {@code --upstream}, with one of two upstream clients, everything else identical (the ingress, the request
 * copied upstream, the answer written back with a Content-Length and keep-alive, no logging on the request path):
 * <ul>
 *   <li>{@code --client netty}: Netty's own pieces as Keyrelay uses them, a {@code SimpleChannelPool} per event
 *       loop with {@code HttpClientCodec} ({@link NettyPoolClient});</li>
 *   <li>{@code --client reactor}: Reactor Netty's {@code HttpClient} {@code runOn} the same event loops, its
 *       default pooled connection provider ({@link ReactorNettyClient}).</li>
 * </ul>
 * The ingress: {@code HttpServerCodec} + {@code HttpObjectAggregator} on {@code --threads} event loops (2; epoll
 * where available, else NIO), TCP_NODELAY. {@code --trace N} prints, for the first N requests, the ingress
 * channel's loop and the thread the answer arrived on (a quick check, never during a measurement).
 * <p>
 * Run (bench/README.md, "Upstream client: Netty's own pieces vs Reactor Netty", has the measurement):
 * {@code java -cp bench/target/keyrelay-bench.jar:target/keyrelay.jar org.keyrelay.bench.relay.RelayProbe
 * --client netty|reactor [--port 18090] [--upstream http://127.0.0.1:18081] [--threads 2] [--trace N]}.
 * Prints {@code relay probe listening on 127.0.0.1:N ...} when ready.
 */
public final class RelayProbe {

    private RelayProbe() {
    }

    public static void main(String[] args) throws Exception {
        String clientName = option(args, "--client", null);
        int port = Integer.parseInt(option(args, "--port", "18090"));
        URI upstream = URI.create(option(args, "--upstream", "http://127.0.0.1:18081"));
        int threads = Integer.parseInt(option(args, "--threads", "2"));
        int trace = Integer.parseInt(option(args, "--trace", "0"));

        Transport transport = Transport.best();
        EventLoopGroup loops = transport.group(threads, "ingress");
        UpstreamClient client;
        if ("netty".equals(clientName)) {
            client = new NettyPoolClient(upstream, transport.channel());
        } else if ("reactor".equals(clientName)) {
            client = new ReactorNettyClient(upstream, loops);
        } else {
            throw new IllegalArgumentException("--client must be netty or reactor, not " + clientName);
        }
        AtomicInteger traced = new AtomicInteger(trace);
        transport.server(loops)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(16 * 1024 * 1024),
                                trace > 0 ? new Ingress(client, traced) : new Ingress(client, null));
                    }
                })
                .bind("127.0.0.1", port).sync();
        System.out.println("relay probe listening on 127.0.0.1:" + port + " (client " + clientName + ", "
                + transport.name() + ", " + threads + " loops) in front of " + upstream);
        System.out.flush();
        Thread.currentThread().join();
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    /** Copies each request upstream: method, URI, end-to-end headers, body. */
    private static final class Ingress extends SimpleChannelInboundHandler<FullHttpRequest> {

        private final UpstreamClient client;
        /** Requests still to trace; null when not tracing. */
        private final AtomicInteger traced;

        Ingress(UpstreamClient client, AtomicInteger traced) {
            this.client = client;
            this.traced = traced;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            HttpHeaders headers = new DefaultHttpHeaders().set(request.headers());
            HopByHop.strip(headers);
            ByteBuf body = request.content().retain();
            headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            Answer answer = traced == null || traced.getAndDecrement() <= 0 ? new Answer(ctx, keepAlive)
                    : new TracedAnswer(ctx, keepAlive);
            client.exchange(ctx.channel(), request.method(), request.uri(), headers, body, answer);
        }

        /** A client that resets its connection (wrk does when it stops) is no news. */
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Prints the ingress channel's loop and the thread the answer came on. */
    private static final class TracedAnswer extends Answer {

        private final String ingressLoop = Thread.currentThread().getName();

        TracedAnswer(ChannelHandlerContext ingress, boolean keepAlive) {
            super(ingress, keepAlive);
        }

        @Override
        void respond(HttpResponseStatus status, HttpHeaders headers, ByteBuf body) {
            String answered = Thread.currentThread().getName();
            System.out.println("ingress loop " + ingressLoop + ", answer on " + answered
                    + (answered.equals(ingressLoop) ? " (same thread)" : " (ANOTHER THREAD)"));
            super.respond(status, headers, body);
        }
    }
}
