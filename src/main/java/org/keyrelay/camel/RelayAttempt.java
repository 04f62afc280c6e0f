package org.keyrelay.camel;

import io.netty.channel.ChannelFutureListener;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
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

/**
 * One try of one request on one key, driven by the upstream's bytes as they arrive. The upstream's status
 * decides the mode:
 * <ul>
 *   <li>FAILURE (not 2xx): read the (bounded) body, classify it, fail the exchange; nothing reaches the client.</li>
 *   <li>PRELUDE (2xx stream): hold the first bytes until the first event; an error event fails the exchange like
 *       a status error, anything else starts STREAMING.</li>
 *   <li>STREAMING: each chunk goes to the client as it comes; the next is asked for when it was written.</li>
 *   <li>BUFFERING (other 2xx): collect and answer with a Content-Length; past {@code bufferLimit}, stream instead.</li>
 * </ul>
 * The Camel callback is completed exactly once, whatever happens first.
 * <p>
 * An answer that completes is measured for the key's statistics: time to the response head and to the end of the
 * response (from the moment the request was handed to the HTTP client), and the tokens it reports. A stream's
 * tokens are read by a {@link UsageMeter} fed with the chunks as they pass, which keeps at most one unfinished line.
 * Every answer's head goes to {@link Lease#answered} as it arrives: its rate-limit headers say what is left of the key.
 */
final class RelayAttempt implements HttpResponse.BodyHandler<Void>, HttpResponse.BodySubscriber<Void> {

    static final int ERROR_BODY_LIMIT = 256 * 1024;

    private enum Mode { FAILURE, PRELUDE, STREAMING, BUFFERING }

    private final Exchange exchange;
    private final AsyncCallback callback;
    private final RequestContext context;
    private final Lease lease;
    private final FailureClassifier classifier;
    private final ClientStream client;
    private final int bufferLimit;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final ChannelFutureListener clientGone = f -> clientGone();

    private volatile Flow.Subscription subscription;
    private volatile Mode mode;
    private int status;
    private Map<String, List<String>> headers;
    private final ByteArrayOutputStream collected = new ByteArrayOutputStream();
    private StreamPrelude prelude;
    private UsageMeter meter;
    private final long sentNanos = System.nanoTime();
    private long headNanos;

    RelayAttempt(Exchange exchange, AsyncCallback callback, RequestContext context, FailureClassifier classifier,
                 ClientStream client, int bufferLimit) {
        this.exchange = exchange;
        this.callback = callback;
        this.context = context;
        this.lease = context.lease();
        this.classifier = classifier;
        this.client = client;
        this.bufferLimit = bufferLimit;
        client.onClientGone(clientGone);
    }

    @Override
    public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
        headNanos = System.nanoTime();
        status = info.statusCode();
        headers = info.headers().map();
        lease.answered(headers);
        String contentType = info.headers().firstValue("content-type").orElse(null);
        if (status < 200 || status > 299) {
            mode = Mode.FAILURE;
        } else if (ResponseHeaders.isStream(contentType)) {
            mode = Mode.PRELUDE;
            prelude = new StreamPrelude(contentType);
            meter = new UsageMeter();
        } else {
            mode = Mode.BUFFERING;
        }
        return this;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (finished.get()) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        byte[] bytes = bytes(items);
        switch (mode) {
            case FAILURE -> {
                if (collected.size() < ERROR_BODY_LIMIT) {
                    collected.write(bytes, 0, Math.min(bytes.length, ERROR_BODY_LIMIT - collected.size()));
                }
                subscription.request(1);
            }
            case BUFFERING -> {
                collected.writeBytes(bytes);
                if (collected.size() > bufferLimit) {
                    byte[] first = collected.toByteArray();
                    meter = new UsageMeter();
                    meter.accept(first);
                    startStreaming(first);
                } else {
                    subscription.request(1);
                }
            }
            case PRELUDE -> {
                meter.accept(bytes);
                StreamPrelude.Decision decision = prelude.offer(bytes);
                if (decision instanceof StreamPrelude.Decision.Error error) {
                    subscription.cancel();
                    fail(new UpstreamAnswer(status, headers, error.payload()),
                            classifier.classifyStreamError(error.payload(), status));
                } else if (decision instanceof StreamPrelude.Decision.Content) {
                    startStreaming(prelude.buffered());
                } else {
                    subscription.request(1);
                }
            }
            case STREAMING -> {
                if (meter != null) {
                    meter.accept(bytes);
                }
                client.write(bytes, this::chunkWritten);
            }
        }
    }

    @Override
    public void onError(Throwable failure) {
        if (mode == Mode.STREAMING) {
            client.abort();
            finish();
        } else {
            fail(null, classifier.classifyConnectionFailure(failure));
        }
    }

    @Override
    public void onComplete() {
        switch (mode) {
            case FAILURE -> {
                UpstreamAnswer answer = new UpstreamAnswer(status, headers, collected.toString(StandardCharsets.UTF_8));
                fail(answer, classifier.classify(answer));
            }
            case BUFFERING -> {
                byte[] body = collected.toByteArray();
                answerBuffered(body, UsageMeter.ofBody(body));
            }
            case PRELUDE -> answerBuffered(prelude.buffered(), meter.finish());
            case STREAMING -> {
                measured(meter == null ? TokenUsage.NONE : meter.finish());
                client.end(() -> {
                    context.markResponseWritten();
                    finish();
                });
            }
        }
    }

    @Override
    public CompletionStage<Void> getBody() {
        return done;
    }

    /** The sendAsync future: only its failure matters (the upstream could not be reached, or timed out). */
    void sent(HttpResponse<Void> response, Throwable failure) {
        if (failure != null && !finished.get() && mode != Mode.STREAMING) {
            fail(null, classifier.classifyConnectionFailure(failure));
        }
    }

    private void startStreaming(byte[] first) {
        mode = Mode.STREAMING;
        lease.succeeded();
        context.markResponseWritten();
        client.start(status, clientHeaders(), first, this::chunkWritten);
    }

    private void chunkWritten(Throwable failure) {
        if (failure != null) {
            subscription.cancel();
            client.abort();
            finish();
        } else {
            subscription.request(1);
        }
    }

    private void answerBuffered(byte[] body, TokenUsage usage) {
        if (finished.get()) {
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
        if (finished.get()) {
            return;
        }
        exchange.setException(new UpstreamFailureException(lease.key().id(), answer, verdict));
        finish();
    }

    /** The client closed its connection: stop reading the upstream and end the exchange without an answer. */
    private void clientGone() {
        if (finished.get()) {
            return;
        }
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        context.markResponseWritten();
        lease.released();
        finish();
    }

    private void finish() {
        if (finished.compareAndSet(false, true)) {
            client.forget(clientGone);
            done.complete(null);
            callback.done(false);
        }
    }

    private static byte[] bytes(List<ByteBuffer> items) {
        int size = 0;
        for (ByteBuffer b : items) {
            size += b.remaining();
        }
        byte[] out = new byte[size];
        int at = 0;
        for (ByteBuffer b : items) {
            int n = b.remaining();
            b.get(out, at, n);
            at += n;
        }
        return out;
    }
}
