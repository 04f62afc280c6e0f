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
import io.netty.util.concurrent.Promise;
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
 * never handed out); its pipeline: [CONNECT through a proxy] [TLS] HTTP/1.1 codec, [{@link ProxyRequests}],
 * {@link UpstreamConnection}. Through a proxy ({@link UpstreamProxies}), an https upstream is reached by a CONNECT
 * tunnel, an http one by sending its requests to the proxy in absolute form, as curl does (a proxy commonly allows
 * CONNECT to port 443 only). Host names, the proxy's included, are looked up on the loop without blocking it
 * ({@link UpstreamResolver}).
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
        Map<UpstreamOrigin, SimpleChannelPool> byOrigin = pools.computeIfAbsent(loop, l -> new HashMap<>());
        SimpleChannelPool pool = byOrigin.get(origin);
        if (pool != null) {
            return pool.acquire();
        }
        Optional<UpstreamProxies.Proxy> proxy = proxies.forOrigin(origin);
        if (proxy.isEmpty()) {
            pool = pool(loop, transport, origin, null, null);
            byOrigin.put(origin, pool);
            return pool.acquire();
        }
        // the pool's connections all go to the proxy's address: its name is looked up first, on the loop
        Promise<Channel> acquired = loop.newPromise();
        resolver(transport).getResolver(loop)
                .resolve(InetSocketAddress.createUnresolved(proxy.get().host(), proxy.get().port()))
                .addListener(resolved -> {
                    if (!resolved.isSuccess()) {
                        acquired.setFailure(resolved.cause());
                        return;
                    }
                    InetSocketAddress address = (InetSocketAddress) resolved.getNow();
                    byOrigin.computeIfAbsent(origin, o -> pool(loop, transport, o, proxy.get(), address))
                            .acquire(acquired);
                });
        return acquired;
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

    private AddressResolverGroup<InetSocketAddress> resolver(Class<? extends Channel> transport) {
        return resolvers.computeIfAbsent(transport, UpstreamResolver::forTransport);
    }

    /**
     * @param proxy        the proxy to go through, or null to connect directly
     * @param proxyAddress the proxy's address, looked up
     */
    private SimpleChannelPool pool(EventLoop loop, Class<? extends Channel> transport, UpstreamOrigin origin,
                                   UpstreamProxies.Proxy proxy, InetSocketAddress proxyAddress) {
        boolean tunnel = proxy != null && origin.https();
        boolean forward = proxy != null && !origin.https();
        Bootstrap bootstrap = new Bootstrap().group(loop).channel(transport)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                // an answer's head and first event (or a whole small answer) in one read: Netty's adaptive guess
                // otherwise shrinks to a few hundred bytes on a keep-alive connection and splits them in two reads
                .option(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(READ_MIN, READ_INITIAL, READ_MAX));
        Duration connect = origin.connectTimeout();
        if (!connect.isZero()) {
            bootstrap.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connect.toMillis()));
        }
        if (proxy == null) {
            bootstrap.remoteAddress(InetSocketAddress.createUnresolved(origin.host(), origin.port()))
                    .resolver(resolver(transport));
        } else if (tunnel) {
            // the tunnel's CONNECT names the upstream, whose name the proxy resolves
            bootstrap.remoteAddress(InetSocketAddress.createUnresolved(origin.host(), origin.port()))
                    .resolver(NoopAddressResolverGroup.INSTANCE);
        } else {
            bootstrap.remoteAddress(proxyAddress).resolver(NoopAddressResolverGroup.INSTANCE);
        }
        return new SimpleChannelPool(bootstrap, new AbstractChannelPoolHandler() {
            @Override
            public void channelCreated(Channel ch) {
                ChannelPipeline p = ch.pipeline();
                if (tunnel) {
                    HttpProxyHandler tunnelHandler = proxy.username() == null ? new HttpProxyHandler(proxyAddress)
                            : new HttpProxyHandler(proxyAddress, proxy.username(), proxy.password() == null ? "" : proxy.password());
                    if (!connect.isZero()) {
                        tunnelHandler.setConnectTimeoutMillis(connect.toMillis());
                    }
                    p.addLast("proxy", tunnelHandler);
                }
                if (origin.https()) {
                    p.addLast("tls", tls.handler(ch.alloc(), origin, connect));
                }
                p.addLast("http", new HttpClientCodec());
                if (forward) {
                    p.addLast("proxy", new ProxyRequests(origin, proxy));
                }
                p.addLast("relay", new UpstreamConnection());
            }

            @Override
            public void channelReleased(Channel ch) {
                ch.config().setAutoRead(true);
            }
        }, ChannelHealthChecker.ACTIVE, true, true);
    }
}
