package org.keyrelay.camel;

import io.netty.channel.ChannelHandler;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.component.netty.DefaultChannelHandlerFactory;
import org.keyrelay.Gateway;
import org.keyrelay.config.IngressLimits;

/**
 * What every ingress connection shares: the gateway, the limits, the count of open connections and the request body
 * bytes held over all of them. Named in routes/gateway.camel.yaml as the ingress's {@code encoders}: camel-netty-http
 * asks it for one {@link IngressGuard} per connection and puts it between Netty's HTTP codec and the aggregator, where
 * it sees each request's head before its body and each response before it is encoded.
 */
public final class IngressGuards extends DefaultChannelHandlerFactory {

    private final Gateway gateway;
    private final TokenAccess clientAccess;
    private final IngressLimits limits;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong buffered = new AtomicLong();

    public IngressGuards(Gateway gateway, IngressLimits limits) {
        this.gateway = gateway;
        this.clientAccess = TokenAccess.clients(gateway);
        this.limits = limits;
    }

    @Override
    public ChannelHandler newChannelHandler() {
        return new IngressGuard(this);
    }

    Gateway gateway() {
        return gateway;
    }

    TokenAccess clientAccess() {
        return clientAccess;
    }

    IngressLimits limits() {
        return limits;
    }

    /** One more connection; false (and not counted) when the limit is reached. */
    boolean opened() {
        while (true) {
            int now = open.get();
            if (now >= limits.maxConnections()) {
                return false;
            }
            if (open.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void closed() {
        open.decrementAndGet();
    }

    /** Holds {@code bytes} more of request bodies; false (and nothing held) past {@code maxBufferedBytes}. */
    boolean hold(long bytes) {
        while (true) {
            long now = buffered.get();
            if (now + bytes > limits.maxBufferedBytes()) {
                return false;
            }
            if (buffered.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        buffered.addAndGet(-bytes);
    }

    /** Open client connections now. */
    public int openConnections() {
        return open.get();
    }

    /** Request body bytes held now. */
    public long bufferedBytes() {
        return buffered.get();
    }
}
