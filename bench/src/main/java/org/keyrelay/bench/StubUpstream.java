package org.keyrelay.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A fast fake LLM provider on loopback, for the benchmark. One Netty event loop per core, no thread per
 * request or stream (streams are timers on the event loop), TCP_NODELAY everywhere.
 * <ul>
 *   <li>A request whose key (Authorization / x-api-key) contains {@code bad}: 429 with an OpenAI-style
 *       rate-limit body and {@code retry-after-ms} ({@code --retry-after-ms}).</li>
 *   <li>A JSON body with {@code "stream":true}: an OpenAI-style SSE stream; the first event at once, then one
 *       every {@code gap_ms}, {@code chunks} events in all, then {@code data: [DONE]} one gap later. The query
 *       parameters {@code chunks} and {@code gap_ms} override {@code --chunks} / {@code --gap-ms}.</li>
 *   <li>Anything else: a small chat completion (about 400 bytes of JSON) with a Content-Length.</li>
 * </ul>
 * Usage: {@code StubUpstream --port N [--threads N] [--chunks N] [--gap-ms N] [--retry-after-ms N]}.
 * Prints {@code stub listening on 127.0.0.1:N} when ready.
 */
public final class StubUpstream {

    static final byte[] COMPLETION = ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1767225600,"
            + "\"model\":\"bench-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"Hello! How can I help you today?\"},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":9,\"total_tokens\":18},"
            + "\"system_fingerprint\":\"fp_bench\"}").getBytes(StandardCharsets.UTF_8);

    static final byte[] RATE_LIMITED = ("{\"error\":{\"message\":\"Rate limit reached for requests on this key. "
            + "Please try again later.\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}")
            .getBytes(StandardCharsets.UTF_8);

    static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

    private final int chunks;
    private final int gapMs;
    private final String retryAfterMs;

    StubUpstream(int chunks, int gapMs, int retryAfterMs) {
        this.chunks = chunks;
        this.gapMs = gapMs;
        this.retryAfterMs = Integer.toString(retryAfterMs);
    }

    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        int port = a.integer("--port", 18081);
        int threads = a.integer("--threads", Runtime.getRuntime().availableProcessors());
        StubUpstream stub = new StubUpstream(a.integer("--chunks", 20), a.integer("--gap-ms", 50),
                a.integer("--retry-after-ms", 200));
        Transport transport = Transport.best();
        var group = transport.group(threads, "stub");
        ServerBootstrap b = transport.server(group)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024 * 1024),
                                stub.new Handler());
                    }
                });
        b.bind("127.0.0.1", port).sync();
        System.out.println("stub listening on 127.0.0.1:" + port + " (" + transport.name() + ", " + threads + " threads)");
        System.out.flush();
        Thread.currentThread().join();
    }

    final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            String key = key(request);
            if (key != null && key.contains("bad")) {
                FullHttpResponse r = full(HttpResponseStatus.TOO_MANY_REQUESTS, RATE_LIMITED, keepAlive);
                r.headers().set("retry-after-ms", retryAfterMs);
                write(ctx, r, keepAlive);
                return;
            }
            String body = request.content().toString(StandardCharsets.UTF_8);
            if (body.contains("\"stream\":true") || body.contains("\"stream\": true")) {
                Map<String, List<String>> query = new QueryStringDecoder(request.uri()).parameters();
                stream(ctx, keepAlive, param(query, "chunks", chunks), param(query, "gap_ms", gapMs));
                return;
            }
            write(ctx, full(HttpResponseStatus.OK, COMPLETION, keepAlive), keepAlive);
        }

        private void stream(ChannelHandlerContext ctx, boolean keepAlive, int count, int gap) {
            DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
            head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
            head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            head.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? HttpHeaderValues.KEEP_ALIVE : HttpHeaderValues.CLOSE);
            ctx.write(head);
            long start = System.nanoTime();
            new Object() {
                int sent;

                void next() {
                    if (!ctx.channel().isActive()) {
                        return;
                    }
                    if (sent == count) {
                        ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(DONE)));
                        var f = ctx.writeAndFlush(new DefaultLastHttpContent());
                        if (!keepAlive) {
                            f.addListener(ChannelFutureListener.CLOSE);
                        }
                        return;
                    }
                    ctx.writeAndFlush(new DefaultHttpContent(event(sent)));
                    sent++;
                    long due = start + TimeUnit.MILLISECONDS.toNanos((long) sent * gap);
                    ctx.executor().schedule(this::next, Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
            }.next();
        }
    }

    static ByteBuf event(int n) {
        String json = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,"
                + "\"model\":\"bench-model\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"token " + n
                + " \"},\"finish_reason\":null}]}";
        return Unpooled.copiedBuffer("data: " + json + "\n\n", StandardCharsets.UTF_8);
    }

    static FullHttpResponse full(HttpResponseStatus status, byte[] body, boolean keepAlive) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (!keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return r;
    }

    static void write(ChannelHandlerContext ctx, FullHttpResponse r, boolean keepAlive) {
        var f = ctx.writeAndFlush(r);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    static String key(FullHttpRequest request) {
        String auth = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        return auth != null ? auth : request.headers().get("x-api-key");
    }

    static int param(Map<String, List<String>> query, String name, int fallback) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? fallback : Integer.parseInt(v.get(0));
    }
}
