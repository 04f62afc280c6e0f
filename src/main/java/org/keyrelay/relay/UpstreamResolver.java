package org.keyrelay.relay;

import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import java.net.InetSocketAddress;

/**
 * Looks up upstream host names without ever blocking an event loop: Netty's DNS resolver, one per event loop, on that
 * loop. The hosts file first (so {@code localhost} never leaves the machine), then the name servers of
 * {@code /etc/resolv.conf}; answers are cached for their TTL. (The JDK's resolver, which a plain {@link
 * io.netty.bootstrap.Bootstrap} uses, would stop every client connection of the loop while a name server answers.)
 */
final class UpstreamResolver {

    private UpstreamResolver() {
    }

    /** @param transport the client connections' channel class: its loops get datagram channels of the same kind */
    static AddressResolverGroup<InetSocketAddress> forTransport(Class<? extends Channel> transport) {
        DnsNameResolverBuilder builder = new DnsNameResolverBuilder()
                .channelType(datagramChannel(transport))
                .socketChannelType(socketChannel(transport)); // a truncated answer is asked again over TCP
        return new DnsAddressResolverGroup(builder);
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends DatagramChannel> datagramChannel(Class<? extends Channel> transport) {
        return (Class<? extends DatagramChannel>) sibling(transport, "DatagramChannel", NioDatagramChannel.class);
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends SocketChannel> socketChannel(Class<? extends Channel> transport) {
        return SocketChannel.class.isAssignableFrom(transport) ? (Class<? extends SocketChannel>) transport
                : NioSocketChannel.class;
    }

    /** {@code EpollSocketChannel} -> {@code EpollDatagramChannel}, {@code NioSocketChannel} -> {@code NioDatagramChannel}. */
    private static Class<?> sibling(Class<? extends Channel> transport, String kind, Class<?> fallback) {
        String name = transport.getName();
        if (!name.endsWith("SocketChannel")) {
            return fallback;
        }
        try {
            return Class.forName(name.substring(0, name.length() - "SocketChannel".length()) + kind, false,
                    transport.getClassLoader());
        } catch (ClassNotFoundException e) {
            return fallback;
        }
    }
}
