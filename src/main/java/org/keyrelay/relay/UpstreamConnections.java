package org.keyrelay.relay;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.SimpleChannelPool;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keep-alive connections to upstreams, pooled per event loop and {@link UpstreamOrigin}: a connection is opened on
 * the event loop of the client connection that needs it, so the request, its answer and the write back to the client
 * all run on that one thread. Netty's {@link SimpleChannelPool} (most recently used first, a closed connection is
 * never handed out); its pipeline: [CONNECT through a proxy] [TLS] HTTP/1.1 codec, {@link UpstreamConnection}.
 * Host names are looked up on the loop without blocking it ({@link UpstreamResolver}).
 */
public final class UpstreamConnections implements AutoCloseable {

    private static final int READ_MIN = 2048;
    private static final int READ_INITIAL = 4096;
    private static final int READ_MAX = 64 * 1024;

    private final UpstreamProxies proxies;
    private final UpstreamTls tls = new UpstreamTls();
    /** Name lookups on the loops themselves, one resolver per loop; by transport (NIO, epoll). */
    private final Map<Class<? extends Channel>, AddressResolverGroup<InetSocketAddress>> resolvers = new ConcurrentHashMap<>();
    /** Each loop's pools; an inner map is only touched on its own loop. */
    private final Map<EventLoop, Map<UpstreamOrigin, SimpleChannelPool>> pools = new ConcurrentHashMap<>();

    /** Connections that take as long to open as their {@link UpstreamOrigin#connectTimeout()} allows. */
    public UpstreamConnections(UpstreamProxies proxies) {
        this.proxies = proxies;
    }

    /**
     * A connection to {@code origin} on {@code loop} (call on that loop): an idle one, or a new one once its TCP
     * connection is up (a proxy tunnel and TLS handshake then complete before the first request leaves).
     *
     * @param transport the channel class of the loop's transport (the client connection's: NIO or epoll)
     */
    public Future<Channel> acquire(EventLoop loop, Class<? extends Channel> transport, UpstreamOrigin origin) {
        return pools.computeIfAbsent(loop, l -> new HashMap<>())
                .computeIfAbsent(origin, o -> pool(loop, transport, o))
                .acquire();
    }

    /** Back to its pool for the next request on this loop (an exchange that ended cleanly). */
    public void release(EventLoop loop, UpstreamOrigin origin, Channel channel) {
        SimpleChannelPool pool = pools.getOrDefault(loop, Map.of()).get(origin);
        if (pool == null) {
            channel.close();
        } else {
            pool.release(channel);
        }
    }

    /** Closes the idle connections; later requests open new ones. */
    @Override
    public void close() {
        pools.forEach((loop, byOrigin) -> loop.execute(() -> {
            byOrigin.values().forEach(SimpleChannelPool::close);
            byOrigin.clear();
        }));
        resolvers.values().forEach(AddressResolverGroup::close);
        resolvers.clear();
    }

    private SimpleChannelPool pool(EventLoop loop, Class<? extends Channel> transport, UpstreamOrigin origin) {
        Optional<UpstreamProxies.Proxy> proxy = proxies.forOrigin(origin);
        Bootstrap bootstrap = new Bootstrap().group(loop).channel(transport)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                // an answer's head and first event (or a whole small answer) in one read: Netty's adaptive guess
                // otherwise shrinks to a few hundred bytes on a keep-alive connection and splits them in two reads
                .option(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(READ_MIN, READ_INITIAL, READ_MAX))
                .remoteAddress(InetSocketAddress.createUnresolved(origin.host(), origin.port()));
        Duration connect = origin.connectTimeout();
        if (!connect.isZero()) {
            bootstrap.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connect.toMillis()));
        }
        bootstrap.resolver(resolvers.computeIfAbsent(transport, UpstreamResolver::forTransport));
        InetSocketAddress proxyAddress = null;
        if (proxy.isPresent()) {
            // the proxy resolves the upstream's name; only the proxy's own is looked up here
            bootstrap.resolver(NoopAddressResolverGroup.INSTANCE);
            proxyAddress = new InetSocketAddress(proxy.get().host(), proxy.get().port());
        }
        InetSocketAddress tunnel = proxyAddress;
        return new SimpleChannelPool(bootstrap, new AbstractChannelPoolHandler() {
            @Override
            public void channelCreated(Channel ch) {
                ChannelPipeline p = ch.pipeline();
                if (tunnel != null) {
                    UpstreamProxies.Proxy px = proxy.get();
                    HttpProxyHandler tunnelHandler = px.username() == null ? new HttpProxyHandler(tunnel)
                            : new HttpProxyHandler(tunnel, px.username(), px.password() == null ? "" : px.password());
                    if (!connect.isZero()) {
                        tunnelHandler.setConnectTimeoutMillis(connect.toMillis());
                    }
                    p.addLast("proxy", tunnelHandler);
                }
                if (origin.https()) {
                    p.addLast("tls", tls.handler(ch.alloc(), origin, connect));
                }
                p.addLast("http", new HttpClientCodec());
                p.addLast("relay", new UpstreamConnection());
            }

            @Override
            public void channelReleased(Channel ch) {
                ch.config().setAutoRead(true);
            }
        }, ChannelHealthChecker.ACTIVE, true, true);
    }
}
