package org.keyrelay.camel;

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

    /** True when the exchange came in on a client channel that is closed now. */
    static boolean gone(Exchange exchange) {
        ChannelHandlerContext channel = exchange.getIn().getHeader(NettyConstants.NETTY_CHANNEL_HANDLER_CONTEXT,
                ChannelHandlerContext.class);
        return channel != null && !channel.channel().isActive();
    }

}
