package org.keyrelay.camel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.keyrelay.failure.FailureClassifier;
import org.keyrelay.failure.UpstreamAnswer;
import org.keyrelay.failure.Verdict;
import org.keyrelay.http.HeaderNames;
import org.keyrelay.http.ResponseHeaders;
import org.keyrelay.http.StreamPrelude;
import org.keyrelay.http.UsageMeter;
import org.keyrelay.pool.Lease;
import org.keyrelay.pool.TokenUsage;
import org.keyrelay.relay.UpstreamConnection;
import org.keyrelay.relay.UpstreamConnections;
import org.keyrelay.relay.UpstreamListener;
import org.keyrelay.relay.UpstreamOrigin;
import org.keyrelay.relay.UpstreamTimeoutException;
import org.keyrelay.relay.UpstreamTimeouts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One try of one request on one key, driven by the upstream's bytes as they arrive, entirely on the event loop of
 * the client's connection (the upstream connection lives on the same loop). The upstream's status decides the mode:
 * <ul>
 *   <li>FAILURE (not 2xx): read the (bounded) body, classify it, fail the exchange; nothing reaches the client.</li>
 *   <li>PRELUDE (2xx stream): hold the first bytes until the first event; an error event fails the exchange like
 *       a status error, anything else starts STREAMING.</li>
 *   <li>STREAMING: each chunk goes to the client as it comes; while a chunk has not left, the upstream is not read.</li>
 *   <li>BUFFERING (other 2xx): collect and answer with a Content-Length; past {@code bufferLimit}, stream instead.</li>
 * </ul>
 * The Camel callback is completed exactly once, whatever happens first. An upstream connection goes back to its pool
 * only after a response that ended cleanly and may be kept alive; every other ending closes it (which is how the
 * upstream request is cancelled when the client goes away). A request that fails on a kept-alive connection before
 * any answer is sent again on another connection: the upstream closed an idle connection as the request left, which
 * is not the key's doing; a failure on a new connection is.
 * <p>
 * An answer that completes is measured for the key's statistics: time to the response head and to the end of the
 * response (from the moment the attempt started), and the tokens it reports. A stream's tokens are read by a
 * {@link UsageMeter} fed with the chunks as they pass, which keeps at most one unfinished line.
 * Every answer's head goes to {@link Lease#answered} as it arrives: its rate-limit headers say what is left of the key.
 */
final class RelayAttempt implements UpstreamListener {

    static final int ERROR_BODY_LIMIT = 256 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(RelayAttempt.class);

    private enum Mode { WAITING, FAILURE, PRELUDE, STREAMING, BUFFERING }

    private final Exchange exchange;
    private final AsyncCallback callback;
    private final RequestContext context;
    private final Lease lease;
    private final FailureClassifier classifier;
    private final ClientStream client;
    private final UpstreamConnections connections;
    private final UpstreamTimeouts timeouts;
    private final UpstreamOrigin origin;
    private final Channel clientChannel;
    private final EventLoop loop;
    private FullHttpRequest request;
    /** A copy of the request kept while it waits for an answer on a kept-alive connection (see {@link #failed}). */
    private FullHttpRequest again;
    private boolean sent;
    private final int bufferLimit;
    private final ChannelFutureListener clientGone = f -> clientGone();
    private final ChannelFutureListener chunkWritten = this::chunkWritten;

    private boolean finished;
    /** The client's stream is being ended: nothing more happens to this attempt but its finish. */
    private boolean ending;
    private UpstreamConnection upstream;
    private boolean keepUpstream;
    private Mode mode = Mode.WAITING;
    private int status;
    private Map<String, List<String>> headers;
    private final ByteArrayOutputStream collected = new ByteArrayOutputStream();
    private StreamPrelude prelude;
    private UsageMeter meter;
    private long sentNanos;
    private long headNanos;
    private long lastReadNanos;
    private ScheduledFuture<?> headDeadline;
    private ScheduledFuture<?> responseDeadline;
    private ScheduledFuture<?> idleCheck;
    /** The last chunk written to the client and not flushed yet. */
    private ChannelFuture unflushed;

    RelayAttempt(Exchange exchange, AsyncCallback callback, RequestContext context, FailureClassifier classifier,
                 ClientStream client, Channel clientChannel, UpstreamConnections connections, UpstreamOrigin origin,
                 UpstreamTimeouts timeouts, FullHttpRequest request, int bufferLimit) {
        this.exchange = exchange;
        this.callback = callback;
        this.context = context;
        this.lease = context.lease();
        this.classifier = classifier;
        this.client = client;
        this.clientChannel = clientChannel;
        this.loop = clientChannel.eventLoop();
        this.connections = connections;
        this.timeouts = timeouts;
        this.origin = origin;
        this.request = request;
        this.bufferLimit = bufferLimit;
    }

    /** Starts the attempt; on the client's event loop. */
    void start() {
        client.onClientGone(clientGone); // runs at once when the client is gone already
        if (finished) {
            request.release();
            return;
        }
        sentNanos = System.nanoTime();
        acquire();
    }

    /** A connection to the upstream on this loop, with the loop's transport; then {@link #connected}. */
    private void acquire() {
        @SuppressWarnings("unchecked")
        Class<? extends Channel> transport = (Class<? extends Channel>) clientChannel.getClass();
        connections.acquire(loop, transport, origin).addListener(this::connected);
    }

    private void connected(Future<? super Channel> acquired) {
        if (!acquired.isSuccess()) {
            request.release();
            Throwable cause = acquired.cause() instanceof io.netty.channel.ConnectTimeoutException
                    ? new UpstreamTimeoutException("no connection within " + origin.connectTimeout()) : acquired.cause();
            connectionFailed(cause);
            return;
        }
        Channel channel = (Channel) acquired.getNow();
        if (finished) {
            request.release();
            connections.release(loop, origin, channel);
            return;
        }
        upstream = UpstreamConnection.of(channel);
        if (!sent) {
            sent = true;
            headDeadline = schedule(timeouts.headers(), "response head");
            responseDeadline = schedule(timeouts.response(), "whole response");
        }
        if (upstream.reused()) {
            again = request.retainedDuplicate();
        }
        upstream.send(request, this);
    }

    @Override
    public void head(HttpResponse response) {
        forgetCopy();
        cancel(headDeadline);
        headNanos = System.nanoTime();
        lastReadNanos = headNanos;
        status = response.status().code();
        headers = headerMap(response.headers());
        lease.answered(headers);
        keepUpstream = HttpUtil.isKeepAlive(response);
        String contentType = response.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (status < 200 || status > 299) {
            mode = Mode.FAILURE;
        } else if (ResponseHeaders.isStream(contentType)) {
            mode = Mode.PRELUDE;
            prelude = new StreamPrelude(contentType);
            meter = new UsageMeter();
        } else {
            mode = Mode.BUFFERING;
        }
        if (!timeouts.idle().isZero()) {
            idleCheck = loop.schedule(this::checkIdle, timeouts.idle().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void content(ByteBuf bytes, boolean last) {
        lastReadNanos = System.nanoTime();
        switch (mode) {
            case FAILURE -> {
                int room = ERROR_BODY_LIMIT - collected.size();
                if (room > 0) {
                    collected.write(ByteBufUtil.getBytes(bytes, bytes.readerIndex(), Math.min(room, bytes.readableBytes())), 0,
                            Math.min(room, bytes.readableBytes()));
                }
                if (last) {
                    releaseUpstream();
                    UpstreamAnswer answer = new UpstreamAnswer(status, headers, collected.toString(StandardCharsets.UTF_8));
                    fail(answer, classifier.classify(answer));
                }
            }
            case BUFFERING -> {
                collected.writeBytes(ByteBufUtil.getBytes(bytes));
                if (last) {
                    releaseUpstream();
                    byte[] body = collected.toByteArray();
                    answerBuffered(body, UsageMeter.ofBody(body));
                } else if (collected.size() > bufferLimit) {
                    byte[] first = collected.toByteArray();
                    meter = new UsageMeter();
                    meter.accept(first);
                    startStreaming(Unpooled.wrappedBuffer(first));
                }
            }
            case PRELUDE -> {
                byte[] chunk = ByteBufUtil.getBytes(bytes);
                meter.accept(chunk);
                StreamPrelude.Decision decision = prelude.offer(chunk);
                if (decision instanceof StreamPrelude.Decision.Error error) {
                    fail(new UpstreamAnswer(status, headers, error.payload()),
                            classifier.classifyStreamError(error.payload(), status));
                } else if (decision instanceof StreamPrelude.Decision.Content) {
                    startStreaming(Unpooled.wrappedBuffer(prelude.buffered()));
                    if (last) {
                        releaseUpstream();
                        endStream(Unpooled.EMPTY_BUFFER);
                    }
                } else if (last) {
                    releaseUpstream();
                    answerBuffered(prelude.buffered(), meter.finish());
                }
            }
            case STREAMING -> {
                if (meter != null) {
                    meter.accept(ByteBufUtil.getBytes(bytes));
                }
                if (last) {
                    releaseUpstream();
                    endStream(bytes.retainedDuplicate()); // the last chunk and the end leave in one write
                } else {
                    unflushed = client.write(bytes.retainedDuplicate()); // flushed when this read is done
                }
            }
            case WAITING -> {
                // no body before a head
            }
        }
    }

    /** The chunks of one upstream read leave together; while they have not left, the upstream is not read. */
    @Override
    public void readComplete() {
        ChannelFuture write = unflushed;
        if (write != null) {
            unflushed = null;
            client.flush();
            written(write);
        }
    }

    @Override
    public void failed(Throwable cause) {
        upstream = null; // the connection is closed or closing
        if (again != null && mode == Mode.WAITING && !finished) {
            // the upstream had closed this idle connection: the same request on another one, the key not blamed
            request = again;
            again = null;
            LOG.debug("Provider '{}': a kept-alive connection to {} closed under the request ({}); sending it again",
                    context.provider().id(), origin, cause == null ? "closed" : cause.getClass().getSimpleName());
            acquire();
            return;
        }
        connectionFailed(cause);
    }

    private void connectionFailed(Throwable cause) {
        if (finished) {
            return;
        }
        if (mode == Mode.STREAMING) {
            Verdict verdict = classifier.classifyConnectionFailure(cause);
            lease.failed(verdict);
            if (cause instanceof UpstreamTimeoutException) {
                LOG.warn("Provider '{}': key {}: {}; the client's stream ends here", context.provider().id(),
                        lease.key().id(), cause.getMessage());
                endClientStream(Unpooled.EMPTY_BUFFER);
            } else {
                client.abort();
                finish();
            }
        } else {
            if (cause instanceof javax.net.ssl.SSLException || cause != null && cause.getCause() instanceof javax.net.ssl.SSLException) {
                LOG.warn("Provider '{}': TLS to {} failed: {}", context.provider().id(), origin,
                        (cause instanceof javax.net.ssl.SSLException ? cause : cause.getCause()).getMessage());
            }
            fail(null, classifier.classifyConnectionFailure(cause));
        }
    }

    /** The key's success is recorded when the stream ends (a stream that breaks or goes silent is its failure). */
    private void startStreaming(ByteBuf first) {
        mode = Mode.STREAMING;
        context.markResponseWritten();
        written(client.start(status, clientHeaders(), first));
    }

    /** While a chunk has not left for the client, the upstream is not read (the slow client slows its upstream). */
    private void written(ChannelFuture write) {
        if (write.isDone()) {
            chunkWritten(write);
        } else {
            if (upstream != null) {
                upstream.channel().config().setAutoRead(false);
            }
            write.addListener(chunkWritten);
        }
    }

    private void chunkWritten(ChannelFuture write) {
        if (!write.isSuccess()) {
            closeUpstream();
            lease.released(); // the client went away: not the key's doing
            client.abort();
            finish();
        } else if (upstream != null && !finished) {
            lastReadNanos = System.nanoTime(); // the wait for the client is not the upstream's silence
            upstream.channel().config().setAutoRead(true);
        }
    }

    /** @param lastChunk the stream's last bytes (taken over), written with its end */
    private void endStream(ByteBuf lastChunk) {
        lease.succeeded();
        measured(meter == null ? TokenUsage.NONE : meter.finish());
        endClientStream(lastChunk);
    }

    private void endClientStream(ByteBuf lastChunk) {
        ending = true;
        cancelTimers();
        client.end(lastChunk, () -> {
            context.markResponseWritten();
            finish();
        });
    }

    private void answerBuffered(byte[] body, TokenUsage usage) {
        if (finished) {
            return;
        }
        lease.succeeded();
        measured(usage);
        exchange.getMessage().setBody(new ClientResponse(status, clientHeaders(), body));
        finish();
    }

    private void measured(TokenUsage usage) {
        long now = System.nanoTime();
        lease.measured(Duration.ofNanos(headNanos - sentNanos), Duration.ofNanos(now - sentNanos), usage);
    }

    private List<Map.Entry<String, String>> clientHeaders() {
        List<Map.Entry<String, String>> out = new ArrayList<>(ResponseHeaders.forClient(headers));
        out.add(Map.entry(HeaderNames.KEY, lease.key().id()));
        out.add(Map.entry(HeaderNames.ATTEMPTS, Integer.toString(context.attempts())));
        return out;
    }

    private void fail(UpstreamAnswer answer, Verdict verdict) {
        if (finished) {
            return;
        }
        closeUpstream();
        exchange.setException(new UpstreamFailureException(lease.key().id(), answer, verdict));
        finish();
    }

    /** The client closed its connection: stop the upstream request and end the exchange without an answer. */
    private void clientGone() {
        if (finished || ending) {
            return;
        }
        closeUpstream();
        context.markResponseWritten();
        lease.released();
        finish();
    }

    private void timedOut(String what, Duration limit) {
        if (finished || ending) {
            return;
        }
        closeUpstream();
        connectionFailed(new UpstreamTimeoutException("no " + what + " within " + limit));
    }

    private void checkIdle() {
        if (finished) {
            return;
        }
        long limit = timeouts.idle().toNanos();
        if (upstream != null && !upstream.channel().config().isAutoRead()) {
            lastReadNanos = System.nanoTime(); // not reading while the client is behind: not the upstream's silence
        }
        long quiet = System.nanoTime() - lastReadNanos;
        if (quiet >= limit) {
            timedOut("read (idle)", timeouts.idle());
        } else {
            idleCheck = loop.schedule(this::checkIdle, limit - quiet, TimeUnit.NANOSECONDS);
        }
    }

    private ScheduledFuture<?> schedule(Duration limit, String what) {
        return limit.isZero() ? null : loop.schedule(() -> timedOut(what, limit), limit.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The response ended cleanly: the connection serves the next request on this loop, if the upstream allows. */
    private void releaseUpstream() {
        UpstreamConnection u = upstream;
        upstream = null;
        if (u != null) {
            u.detach();
            if (keepUpstream) {
                connections.release(loop, origin, u.channel());
            } else {
                u.channel().close();
            }
        }
    }

    private void closeUpstream() {
        UpstreamConnection u = upstream;
        upstream = null;
        if (u != null) {
            u.detach();
            u.channel().close();
        }
    }

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        forgetCopy();
        cancelTimers();
        client.forget(clientGone);
        callback.done(false);
    }

    private void forgetCopy() {
        if (again != null) {
            again.release();
            again = null;
        }
    }

    private void cancelTimers() {
        cancel(headDeadline);
        cancel(responseDeadline);
        cancel(idleCheck);
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private static Map<String, List<String>> headerMap(HttpHeaders headers) {
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, String> h : headers) {
            map.computeIfAbsent(h.getKey(), k -> new ArrayList<>(1)).add(h.getValue());
        }
        return map;
    }
}
