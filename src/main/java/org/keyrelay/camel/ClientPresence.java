package org.keyrelay.camel;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.netty.NettyConstants;

/**
 * Whether the client that sent the exchange's request is still connected. A request whose client left is not
 * tried again: no further upstream call, no lease, nothing recorded on a key (its answer could not be written).
 */
final class ClientPresence {

    private ClientPresence() {
    }

    /** The client's channel, or null when the exchange did not come in on one. */
    static Channel channel(Exchange exchange) {
        ChannelHandlerContext context = exchange.getIn().getHeader(NettyConstants.NETTY_CHANNEL_HANDLER_CONTEXT,
                ChannelHandlerContext.class);
        return context == null ? null : context.channel();
    }

    /** True when the exchange came in on a client channel that is closed now. */
    static boolean gone(Exchange exchange) {
        Channel channel = channel(exchange);
        return channel != null && !channel.isActive();
    }

    /** Ends the request of a client that left: the rest of the route is skipped and the ingress writes no answer. */
    static void endRequest(Exchange exchange) {
        RequestContext context = RequestContext.of(exchange);
        if (context != null) {
            context.markResponseWritten();
        }
        exchange.setRouteStop(true);
    }
}
