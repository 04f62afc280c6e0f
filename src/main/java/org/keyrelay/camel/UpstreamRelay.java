package org.keyrelay.camel;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.component.netty.NettyConstants;
import org.apache.camel.support.AsyncProcessorSupport;
import org.keyrelay.config.ProviderConfig;
import org.keyrelay.failure.FailureClassifier;
import org.keyrelay.relay.UpstreamConnections;
import org.keyrelay.relay.UpstreamOrigin;
import org.keyrelay.relay.UpstreamProxies;
import org.keyrelay.relay.UpstreamTimeouts;

/**
 * The upstream hop, named {@code upstreamRelay} in routes/: sends the request with the chosen key over a pooled
 * keep-alive connection on the event loop of the client's own connection, and relays the answer from that loop
 * (see {@link RelayAttempt}): no thread hand-off and no thread waiting for an upstream. A failure fails the exchange
 * before anything is written to the client, so the onException branches can rotate keys.
 */
public final class UpstreamRelay extends AsyncProcessorSupport {

    private static final int BUFFER_LIMIT = 1024 * 1024;

    private final FailureClassifier classifier;
    private final UpstreamTimeouts timeouts;
    private final UpstreamConnections connections;

    /** @param timeouts the gateway's upstream timeouts, which a provider's {@code timeouts} in the keyring override */
    public UpstreamRelay(FailureClassifier classifier, UpstreamTimeouts timeouts, UpstreamProxies proxies) {
        this.classifier = classifier;
        this.timeouts = timeouts;
        this.connections = new UpstreamConnections(proxies);
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        RequestContext context = RequestContext.of(exchange);
        ProviderConfig provider = context.provider().config();
        FullHttpRequest request;
        try {
            request = UpstreamRequests.build(provider, context.request(), context.lease().key());
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        UpstreamTimeouts limits = provider.timeouts().over(timeouts)
                .forRequest(context.request().streaming());
        context.startAttempt();
        ChannelHandlerContext channel = exchange.getIn().getHeader(NettyConstants.NETTY_CHANNEL_HANDLER_CONTEXT,
                ChannelHandlerContext.class);
        RelayAttempt attempt = new RelayAttempt(exchange, callback, context, classifier.with(provider.phrases()),
                new ClientStream(channel, context.request().keepAlive()), channel.channel(), connections,
                UpstreamOrigin.of(provider.upstream(), provider.caFile(), limits.connect()), limits, request, BUFFER_LIMIT);
        EventLoop loop = channel.channel().eventLoop();
        if (loop.inEventLoop()) {
            attempt.start();
        } else {
            loop.execute(attempt::start); // a redelivery after a wait runs on Camel's scheduler: back to the loop
        }
        return false;
    }

    @Override
    protected void doStop() {
        connections.close();
    }
}
