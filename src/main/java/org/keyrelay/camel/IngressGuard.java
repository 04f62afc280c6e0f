package org.keyrelay.camel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.keyrelay.http.BrowserPolicy;
import org.keyrelay.http.Problem;
import org.keyrelay.http.ProblemException;
import org.keyrelay.http.RequestTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection's guard, between Netty's HTTP codec and the rest of the ingress (see {@link IngressGuards}).
 * From a request's head alone, before its body is read, it refuses (JSON, then closes the connection):
 * a request Netty could not parse (400, 414, 431), an HTTP version other than 1.0 / 1.1 (505), Transfer-Encoding
 * with Content-Length (400, RFC 9112 6.3), a bad request target or a dot segment in the path (400), a Host or a web
 * page the {@link BrowserPolicy} refuses (403), a missing or unknown client token (401). It answers an allowed
 * origin's CORS preflight itself (204) and adds the CORS headers to its answers.
 * <p>
 * It also bounds what a client can hold: a connection idle between requests is closed after {@code idleTimeout},
 * one that does not finish its request head within {@code headerTimeout}, or sends its body slower than
 * {@code bodyMinRate}, is answered 408 and closed; the connection count and the body bytes held over all connections
 * are capped (503). Requests pipelined on one connection are taken one at a time: the next waits, unread, until the
 * answer to the one before has been written, so answers go out in order.
 */
final class IngressGuard extends ChannelDuplexHandler {

    private static final Logger LOG = LoggerFactory.getLogger(IngressGuard.class);

    private enum Phase { WAITING, HEAD, BODY, HANDLING }

    private final IngressGuards shared;
    private boolean counted;
    private Phase phase = Phase.WAITING;
    private ScheduledFuture<?> timer;
    /** Reading the body of the request in progress (between its head and its last content). */
    private boolean inRequest;
    /** The body being read belongs to a request answered here: dropped. */
    private boolean discarding;
    /** A request was passed on and its answer is not written yet. */
    private boolean responding;
    private boolean replaying;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private long held;
    private long bodyBytesInWindow;
    private String origin;

    IngressGuard(IngressGuards shared) {
        this.shared = shared;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        // Netty's decoder drops Content-Length when Transfer-Encoding is there too; this one keeps both, so the
        // request can be refused (camel-netty-http's limits: initial line 4096, headers 8192, chunks 8192 bytes)
        if (ctx.pipeline().get("decoder") instanceof HttpRequestDecoder) {
            ctx.pipeline().replace("decoder", "decoder", new HttpRequestDecoder(4096, 8192, 8192) {
                @Override
                protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
                    // both stay: refused in request()
                }
            });
        }
        // sees the bytes before the codec: the head timeout starts at a request's first byte
        ctx.pipeline().addFirst(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext first, Object msg) {
                if (msg instanceof ByteBuf bytes && bytes.isReadable()) {
                    bytesArrived(ctx);
                }
                first.fireChannelRead(msg);
            }
        });
        if (ctx.channel().isActive()) {
            connected(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        connected(ctx);
        super.channelActive(ctx);
    }

    private void connected(ChannelHandlerContext ctx) {
        if (counted || phase != Phase.WAITING || timer != null) {
            return;
        }
        if (!shared.opened()) {
            LOG.warn("Client connection from {} refused: {} connections are open (keyrelay.ingress.max-connections)",
                    ctx.channel().remoteAddress(), shared.limits().maxConnections());
            refuse(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "too_many_connections", "The gateway has "
                    + shared.limits().maxConnections() + " client connections open, its limit; try again shortly.");
            return;
        }
        counted = true;
        arm(ctx, Phase.WAITING);
    }

    private void bytesArrived(ChannelHandlerContext ctx) {
        if (phase == Phase.WAITING && counted) {
            arm(ctx, Phase.HEAD);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (inRequest) {
            content(ctx, msg);
        } else if (responding || (!waiting.isEmpty() && !replaying)) {
            // pipelined: held, unread, until the answer before it has gone out
            waiting.add(msg);
            ctx.channel().config().setAutoRead(false);
        } else if (msg instanceof HttpRequest request) {
            request(ctx, request);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void request(ChannelHandlerContext ctx, HttpRequest request) {
        cancelTimer();
        inRequest = !(request instanceof LastHttpContent);
        Optional<Refusal> refusal = refusal(request);
        if (refusal.isPresent()) {
            Refusal r = refusal.get();
            LOG.debug("Refused {} {} from {}: {} {}", request.method(), request.uri(), ctx.channel().remoteAddress(),
                    r.status().code(), r.message());
            ReferenceCountUtil.release(request);
            discarding = inRequest;
            refuse(ctx, r.status(), r.type(), r.message());
            return;
        }
        HttpHeaders headers = request.headers();
        origin = headers.get(HttpHeaderNames.ORIGIN);
        BrowserPolicy browsers = shared.gateway().keyring().browsers();
        if (BrowserPolicy.isPreflight(request.method().name(), origin,
                headers.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD))) {
            ReferenceCountUtil.release(request);
            discarding = inRequest;
            DefaultFullHttpResponse answer = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
            browsers.preflightHeaders(origin, headers.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS))
                    .forEach(h -> answer.headers().add(h.getKey(), h.getValue()));
            answer.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
            boolean keepAlive = HttpUtil.isKeepAlive(request) && !inRequest;
            responding = true;
            ctx.writeAndFlush(answer).addListener(f -> {
                if (!keepAlive) {
                    ctx.close();
                } else {
                    answered(ctx);
                }
            });
            return;
        }
        responding = true;
        if (request instanceof FullHttpRequest full && !hold(ctx, full.content().readableBytes())) {
            ReferenceCountUtil.release(request);
            return;
        }
        phase = inRequest ? Phase.BODY : Phase.HANDLING;
        if (inRequest) {
            arm(ctx, Phase.BODY);
        }
        ctx.fireChannelRead(request);
    }

    private void content(ChannelHandlerContext ctx, Object msg) {
        boolean last = msg instanceof LastHttpContent;
        if (last) {
            inRequest = false;
        }
        if (discarding) {
            ReferenceCountUtil.release(msg);
            discarding = !last;
            return;
        }
        if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            discarding = !last;
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, "bad_request", "The request body is not valid HTTP/1.1 framing.");
            return;
        }
        if (msg instanceof HttpContent content) {
            int n = content.content().readableBytes();
            bodyBytesInWindow += n;
            if (!hold(ctx, n)) {
                ReferenceCountUtil.release(msg);
                return;
            }
        }
        if (last) {
            cancelTimer();
            phase = Phase.HANDLING;
        }
        ctx.fireChannelRead(msg);
    }

    /** Holds body bytes; past the limit the request is answered 503, the connection closed. */
    private boolean hold(ChannelHandlerContext ctx, long bytes) {
        if (bytes == 0) {
            return true;
        }
        if (shared.hold(bytes)) {
            held += bytes;
            return true;
        }
        LOG.warn("Request from {} refused: request bodies hold {} bytes, the limit (keyrelay.ingress.max-buffered-bytes)"
                + " is {}", ctx.channel().remoteAddress(), shared.bufferedBytes(), shared.limits().maxBufferedBytes());
        discarding = inRequest;
        refuse(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "gateway_busy", "The gateway holds as many request bodies"
                + " as it may at once; try again shortly.");
        return false;
    }

    private Optional<Refusal> refusal(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            if (cause instanceof TooLongFrameException) {
                boolean line = cause.getMessage() != null && cause.getMessage().contains("line");
                return Refusal.of(line ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                        : HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "bad_request",
                        line ? "The request line is too long." : "The request headers are too large.");
            }
            return Refusal.of(HttpResponseStatus.BAD_REQUEST, "bad_request", "The request is not valid HTTP/1.1.");
        }
        HttpVersion version = request.protocolVersion();
        if (!version.equals(HttpVersion.HTTP_1_1) && !version.equals(HttpVersion.HTTP_1_0)) {
            return Refusal.of(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "http_version_not_supported",
                    "The gateway speaks HTTP/1.1 (and 1.0), not " + version.text() + ".");
        }
        HttpHeaders headers = request.headers();
        if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING) && headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            return Refusal.of(HttpResponseStatus.BAD_REQUEST, "bad_request",
                    "The request has both Transfer-Encoding and Content-Length: send one of them.");
        }
        if (headers.getAll(HttpHeaderNames.HOST).size() > 1 || headers.getAll(HttpHeaderNames.CONTENT_LENGTH).size() > 1) {
            return Refusal.of(HttpResponseStatus.BAD_REQUEST, "bad_request", "The request repeats Host or Content-Length.");
        }
        try {
            RequestTarget.parse(request.uri());
        } catch (IllegalArgumentException e) {
            return Refusal.of(HttpResponseStatus.BAD_REQUEST, "bad_request", "Bad request target: " + e.getMessage() + ".");
        }
        Optional<String> browser = shared.gateway().keyring().browsers().refusal("http", shared.gateway().settings().host(),
                headers.get(HttpHeaderNames.HOST), headers.get(HttpHeaderNames.ORIGIN), headers.get("Sec-Fetch-Site"));
        if (browser.isPresent()) {
            return Refusal.of(HttpResponseStatus.FORBIDDEN, "forbidden", browser.get());
        }
        try {
            shared.clientAccess().check(TokenAccess.clientToken(headers::get));
        } catch (ProblemException e) {
            Problem p = e.problem();
            return Refusal.of(HttpResponseStatus.valueOf(p.status()), p.type(), p.message());
        }
        return Optional.empty();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response) {
            if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                ctx.write(msg, promise);
                return;
            }
            // the provider's CORS headers never reach a client; the gateway's own, for an allowed origin only
            response.headers().names().stream().filter(n -> n.regionMatches(true, 0, "access-control-", 0, 15))
                    .toList().forEach(n -> response.headers().remove(n));
            shared.gateway().keyring().browsers().corsHeaders(origin)
                    .forEach(h -> response.headers().add(h.getKey(), h.getValue()));
        }
        if (msg instanceof LastHttpContent && !(msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL)) {
            ChannelPromise done = promise.unvoid();
            done.addListener(f -> answered(ctx));
            ctx.write(msg, done);
            return;
        }
        ctx.write(msg, promise);
    }

    /** The answer to the request in progress has been written: the next request may come. */
    private void answered(ChannelHandlerContext ctx) {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(() -> answered(ctx));
            return;
        }
        if (!responding) {
            return;
        }
        responding = false;
        origin = null;
        releaseHeld();
        if (!ctx.channel().isActive()) {
            return;
        }
        if (!inRequest) {
            arm(ctx, Phase.WAITING);
        }
        replaying = true;
        try {
            // the next request, and all of its body that waited with it
            while (!waiting.isEmpty() && (inRequest || !responding) && ctx.channel().isActive()) {
                channelRead(ctx, waiting.poll());
            }
        } finally {
            replaying = false;
        }
        if (waiting.isEmpty()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void arm(ChannelHandlerContext ctx, Phase next) {
        cancelTimer();
        phase = next;
        long millis = switch (next) {
            case WAITING -> shared.limits().idleTimeout().toMillis();
            case HEAD -> shared.limits().headerTimeout().toMillis();
            case BODY -> shared.limits().bodyRateWindow().toMillis();
            case HANDLING -> 0;
        };
        if (millis > 0) {
            bodyBytesInWindow = 0;
            timer = ctx.executor().schedule(() -> expired(ctx, next), millis, TimeUnit.MILLISECONDS);
        }
    }

    private void expired(ChannelHandlerContext ctx, Phase expected) {
        timer = null;
        if (phase != expected || !ctx.channel().isActive()) {
            return;
        }
        SocketAddress client = ctx.channel().remoteAddress();
        switch (expected) {
            case WAITING -> {
                LOG.debug("Closing the idle connection of {}", client);
                ctx.close();
            }
            case HEAD -> {
                LOG.info("Closing the connection of {}: its request head did not arrive within {} s"
                        + " (keyrelay.ingress.header-timeout)", client, shared.limits().headerTimeout().toSeconds());
                refuse(ctx, HttpResponseStatus.REQUEST_TIMEOUT, "request_timeout", "The request head did not arrive in time.");
            }
            case BODY -> {
                long needed = shared.limits().bodyMinRate() * shared.limits().bodyRateWindow().toMillis() / 1000;
                if (bodyBytesInWindow >= needed && inRequest) {
                    arm(ctx, Phase.BODY);
                    return;
                }
                LOG.info("Closing the connection of {}: its request body came slower than {} bytes/s"
                        + " (keyrelay.ingress.body-min-rate)", client, shared.limits().bodyMinRate());
                discarding = true;
                refuse(ctx, HttpResponseStatus.REQUEST_TIMEOUT, "request_timeout", "The request body came too slowly.");
            }
            default -> {
            }
        }
    }

    /** Answers with a gateway error (JSON) and closes the connection once it is written. */
    private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String type, String message) {
        cancelTimer();
        phase = Phase.HANDLING;
        responding = true;
        byte[] body = GatewayAnswers.body(new Problem(status.code(), type, message, Map.of()));
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        response.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        shared.gateway().keyring().browsers().corsHeaders(origin)
                .forEach(h -> response.headers().add(h.getKey(), h.getValue()));
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimer();
        releaseHeld();
        waiting.forEach(ReferenceCountUtil::release);
        waiting.clear();
        if (counted) {
            counted = false;
            shared.closed();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (cause instanceof IOException) {
            // a client that leaves (reset, broken pipe) is not the gateway's fault: one quiet line, no stack trace
            LOG.info("Client {} left: {}", ctx.channel().remoteAddress(), cause.getMessage());
            ctx.close();
            return;
        }
        super.exceptionCaught(ctx, cause);
    }

    private void releaseHeld() {
        if (held > 0) {
            shared.release(held);
            held = 0;
        }
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private record Refusal(HttpResponseStatus status, String type, String message) {
        static Optional<Refusal> of(HttpResponseStatus status, String type, String message) {
            return Optional.of(new Refusal(status, type, message));
        }
    }

}
