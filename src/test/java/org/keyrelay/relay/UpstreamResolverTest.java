package org.keyrelay.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Upstream host names are looked up by Netty's DNS resolver on the event loop, the hosts file first. */
class UpstreamResolverTest {

    @Test
    void should_look_up_localhost_from_the_hosts_file_on_the_event_loop() throws Exception {
        NioEventLoopGroup group = new NioEventLoopGroup(1);
        AddressResolverGroup<InetSocketAddress> resolvers = UpstreamResolver.forTransport(NioSocketChannel.class);
        try {
            assertInstanceOf(DnsAddressResolverGroup.class, resolvers, "not the JDK's blocking resolver");
            EventLoop loop = group.next();
            CompletableFuture<InetSocketAddress> found = new CompletableFuture<>();
            CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
            loop.execute(() -> resolvers.getResolver(loop).resolve(InetSocketAddress.createUnresolved("localhost", 8443))
                    .addListener(f -> {
                        onLoop.complete(loop.inEventLoop());
                        if (f.isSuccess()) {
                            found.complete((InetSocketAddress) f.getNow());
                        } else {
                            found.completeExceptionally(f.cause());
                        }
                    }));
            InetSocketAddress address = found.get(10, TimeUnit.SECONDS);
            assertTrue(address.getAddress().isLoopbackAddress(), address.toString());
            assertEquals(8443, address.getPort());
            assertTrue(onLoop.get(10, TimeUnit.SECONDS), "the answer comes on the loop");
        } finally {
            resolvers.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
