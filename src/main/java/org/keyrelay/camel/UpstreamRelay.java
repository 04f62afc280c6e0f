package org.keyrelay.camel;

import io.netty.channel.ChannelHandlerContext;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.component.netty.NettyConstants;
import org.apache.camel.support.AsyncProcessorSupport;
import org.keyrelay.failure.FailureClassifier;

/**
 * The upstream hop, named {@code upstreamRelay} in routes/: sends the request with the chosen key through a
 * non-blocking HTTP client and relays the answer (see {@link RelayAttempt}). No thread waits for an upstream:
 * all work runs on a small fixed pool when bytes arrive. A failure fails the exchange before anything is
 * written to the client, so the onException branches can rotate keys.
 */
public final class UpstreamRelay extends AsyncProcessorSupport {

    private static final int BUFFER_LIMIT = 1024 * 1024;

    private final FailureClassifier classifier;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final int threads;
    private final AtomicInteger threadCount = new AtomicInteger();
    private volatile ExecutorService executor;
    private volatile HttpClient client;

    public UpstreamRelay(FailureClassifier classifier, Duration connectTimeout, Duration responseTimeout, int threads) {
        this.classifier = classifier;
        this.connectTimeout = connectTimeout;
        this.responseTimeout = responseTimeout;
        this.threads = threads;
        open();
    }

    /** A fresh pool and client: at construction, and again when a route reload restarts this step. */
    private void open() {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "keyrelay-relay-" + threadCount.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        client = HttpClient.newBuilder()
                .executor(pool)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        executor = pool;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        RequestContext context = RequestContext.of(exchange);
        HttpRequest request;
        try {
            request = UpstreamRequests.build(context.provider().config(), context.request(), context.lease().key(),
                    responseTimeout);
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        context.startAttempt();
        ChannelHandlerContext channel = exchange.getIn().getHeader(NettyConstants.NETTY_CHANNEL_HANDLER_CONTEXT,
                ChannelHandlerContext.class);
        RelayAttempt attempt = new RelayAttempt(exchange, callback, context, classifier,
                new ClientStream(channel, context.request().keepAlive()), BUFFER_LIMIT);
        ExecutorService pool = executor;
        client.sendAsync(request, attempt).whenCompleteAsync(attempt::sent, pool);
        return false;
    }

    @Override
    protected void doStart() {
        if (executor.isShutdown()) {
            open();
        }
    }

    @Override
    protected void doStop() {
        executor.shutdownNow();
    }
}
